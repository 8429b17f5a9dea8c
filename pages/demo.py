"""The pages a new site starts with: About the cluster and the Privacy notice."""

from django.conf import settings

from .models import Page, SiteSettings

ABOUT = {
    "slug": "about",
    "title_en": "About the cluster",
    "title_zh_hans": "关于产业集群",
    "summary_en": "Zhongshan, Guangdong: China's largest lighting production base.",
    "summary_zh_hans": "广东中山：全国最大的灯饰专业生产基地。",
    "body_en": (
        "<p>Zhongshan, in Guangdong, is the largest production base and "
        "distribution centre for lighting in China.</p>"
        "<ul><li>About 9,000 lighting enterprises are registered in Guzhen town "
        "alone.</li><li>The export lighting quality and safety demonstration area "
        "groups 51 export enterprises across 10 towns.</li><li>Zhongshan lighting "
        "sells to more than 130 countries and regions.</li></ul>"
    ),
    "body_zh_hans": (
        "<p>广东中山是全国最大的灯饰专业生产基地和集散中心。</p>"
        "<ul><li>仅古镇一镇就有约 9000 家注册灯饰企业。</li>"
        "<li>出口灯饰质量安全示范区有出口企业 51 家，分布在 10 个镇区。</li>"
        "<li>中山灯饰销往 130 多个国家和地区。</li></ul>"
    ),
    "in_header_menu": True,
    "in_footer_menu": True,
    "menu_order": 10,
}


def _privacy() -> dict:
    keep = settings.CLUSTER_MESSAGE_RETENTION_DAYS
    return {
        "slug": "privacy",
        "title_en": "Privacy notice",
        "title_zh_hans": "隐私声明",
        "summary_en": "What we keep when you leave a message, and your rights.",
        "summary_zh_hans": "您留言时我们保存哪些信息，以及您的权利。",
        "body_en": (
            "<p>Reading this site stores nothing about you: no account, no "
            "tracking cookie.</p><h2>When you leave a message</h2><p>We keep what "
            "you type (name, email, phone, company, country, message), the page you "
            "wrote from, your network address and browser, only to answer you and "
            f"to keep spam out. Messages are deleted after {keep} days.</p>"
            "<h2>Your rights</h2><p>Under China's Personal Information Protection "
            "Law and the EU's GDPR you may ask for a copy of everything we keep "
            "about your email address, or for its erasure: leave a message or write "
            "to us.</p>"
        ),
        "body_zh_hans": (
            "<p>浏览本网站不会保存您的任何信息：没有账户，也没有跟踪 Cookie。</p>"
            "<h2>您留言时</h2><p>我们保存您填写的内容（姓名、电子邮箱、电话、公司、"
            "国家或地区、留言）、留言所在的页面、您的网络地址和浏览器信息，仅用于"
            f"答复您和防止垃圾信息。留言在 {keep} 天后删除。</p>"
            "<h2>您的权利</h2><p>依据中国《个人信息保护法》和欧盟 GDPR，您可以要求"
            "获取我们保存的与您的电子邮箱有关的全部信息，或要求删除这些信息：请留言"
            "或来信告知。</p>"
        ),
        "in_footer_menu": True,
        "menu_order": 90,
    }


def ensure_demo_pages() -> list[Page]:
    """Create the starting pages that are missing (by slug; an editor's changes
    stay), and point the site settings' privacy notice at ours unless an editor
    chose another."""
    pages = []
    for fields in (ABOUT, _privacy()):
        slug = fields["slug"]
        page, _created = Page.objects.get_or_create(
            slug=slug,
            defaults={**fields, "status": Page.Status.PUBLISHED},
        )
        pages.append(page)
    site_settings = SiteSettings.get_solo()
    if site_settings.privacy_page_id is None:
        site_settings.privacy_page = pages[1]
        site_settings.save()
    return pages
