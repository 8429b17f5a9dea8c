"""The review screens, and the hooks the release and page admins take.

`ReviewedAdminMixin` goes on a release's or page's admin: a save by someone
under review stores a `Revision` instead of changing what is live, the change
form opens on the version being written, and the list's "publish" publishes
only approved rows. `RevisionAdmin` is where reviewers read, compare, preview
and decide.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from core.admin import SiteModelAdmin

from . import services
from .diff import differences
from .models import Revision, Step

SUBMIT = "_submit_for_review"


def _site_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


class ReviewedAdminMixin:
    """For the admin of a model with `status` and a publication time (releases,
    pages); put it before PublicationStateMixin and VersionedAdmin."""

    change_form_template = "admin/review/change_form.html"
    object_history_template = "admin/review/object_history.html"
    # What a list may change on its own without review (a menu's order).
    unreviewed_fields: frozenset[str] = frozenset()

    def get_queryset(self, request):
        # The list's "review" column, in the list's own query.
        versions = Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=OuterRef("pk"),
        ).open()
        return (
            super()
            .get_queryset(request)
            .annotate(open_review_state=Subquery(versions.values("state")[:1]))
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "review_state"]

    @admin.display(description=_("review"), ordering="open_review_state")
    def review_state(self, obj) -> str:
        state = getattr(obj, "open_review_state", None)
        return Revision.State(state).label if state else "–"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        # A version chosen in the history is shown as it is, not the draft.
        if obj is not None and not getattr(request, "restoring_version", False):
            if revision := services.open_revision(obj):
                services.apply_to(obj, revision)
                obj.review_draft = revision
                # The stale-save guard then compares against the draft's last
                # save: two writers on one draft overwrite nothing unseen.
                obj.updated_at = revision.updated_at
        return obj

    def save_model(self, request, obj, form, change):
        # A list's own column (a menu's order) changes the live row alone; a
        # change form that holds a draft never writes it to the live row.
        list_only = (
            change
            and form.changed_data
            and set(form.changed_data) <= self.unreviewed_fields
            and not hasattr(obj, "review_draft")
        )
        if not services.review_applies(request.user) or list_only:
            super().save_model(request, obj, form, change)
            if not list_only:
                services.supersede(obj)
            return
        is_new = not change or getattr(request, "recovering_deleted", False)
        revision = services.save_draft(
            obj=obj,
            user=request.user,
            is_new=is_new,
            language=request.LANGUAGE_CODE,
        )
        if SUBMIT in request.POST:
            services.submit(
                revision=revision,
                user=request.user,
                language=request.LANGUAGE_CODE,
                site_url=_site_url(request),
            )
            text = gettext(
                "“%(title)s” is submitted for review. The public sees it once a "
                "reviewer approves it."
            )
        else:
            text = gettext(
                "“%(title)s” is saved as a draft for review: the public does not "
                "see it. Submit it for review when it is ready."
            )
        request.saved_for_review = True
        self.message_user(request, text % {"title": obj}, messages.INFO)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # The admin's "changed successfully" would read as if it were live: the
        # save's own message says what happened.
        if getattr(request, "saved_for_review", False) and level == messages.SUCCESS:
            return
        super().message_user(request, message, level, *args, **kwargs)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and services.review_applies(request.user):
            # Restoring is one more version to review: the form holds the chosen
            # version's fields; the live row is not reverted first. The same
            # rights as a restore: this object's own version, and its change right.
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            request.restoring_version = get_object_or_404(
                Version.objects.get_for_object(obj), pk=version_id
            )
            return self.changeform_view(request, object_id, None, extra_context)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        # A recovered row comes back hidden until its version is approved.
        request.recovering_deleted = True
        return super().recover_view(request, version_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "publish" in actions and services.review_applies(request.user):
            function, name, description = actions["publish"]
            actions["publish"] = (_approved_only(function), name, description)
        return actions

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        steps = []
        if obj is not None:
            steps = (
                Step.objects.filter(revision__in=Revision.objects.for_object(obj))
                .select_related("user", "revision")
                .order_by("-at", "-pk")
            )
        return super().history_view(
            request, object_id, {"review_steps": steps, **(extra_context or {})}
        )

    def render_change_form(self, request, context, add=False, change=False, **kw):
        obj = context.get("original")
        revision = services.latest_revision(obj) if obj is not None else None
        context["review"] = {
            "applies": services.review_applies(request.user)
            and self.has_change_permission(request, obj),
            "revision": revision,
            "sent_back": revision.last_step(Step.Action.SENT_BACK)
            if revision is not None and revision.state == Revision.State.SENT_BACK
            else None,
            "submit_name": SUBMIT,
        }
        return super().render_change_form(request, context, add, change, **kw)


def _approved_only(publish):
    """The list's "publish", for rows whose version a reviewer approved."""

    def action(modeladmin, request, queryset):
        waiting = [obj.pk for obj in queryset if services.is_awaiting_approval(obj)]
        if waiting:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d not published: its version is not approved yet.",
                    "%(count)d not published: their versions are not approved yet.",
                    len(waiting),
                )
                % {"count": len(waiting)},
                messages.WARNING,
            )
        approved = queryset.exclude(pk__in=waiting)
        unpublished = list(approved.exclude(status="published"))
        response = publish(modeladmin, request, approved)
        services.record_published(
            approved.filter(pk__in=[obj.pk for obj in unpublished]), request.user
        )
        return response

    action.__name__ = publish.__name__
    action.allowed_permissions = publish.allowed_permissions
    action.short_description = publish.short_description
    return action


@admin.register(Revision)
class RevisionAdmin(SiteModelAdmin):
    """Versions for review: reviewers read, compare, preview, approve or send back."""

    list_display = ["object_repr", "content_type", "state", "author", "updated_at"]
    list_filter = ["state", "content_type"]
    search_fields = ["object_repr"]
    list_select_related = ["author", "content_type"]
    date_hierarchy = "updated_at"
    fields = ["live_object", "content_type", "state", "author", "updated_at"]
    readonly_fields = fields
    change_form_template = "admin/review/revision/review.html"
    own_views = [
        ("<int:revision_id>/decide/", "decide_view", "decide"),
        ("<int:revision_id>/compare/", "compare_view", "compare"),
        ("<int:revision_id>/preview/", "preview_view", "preview"),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided on its own screen, never edited

    def has_delete_permission(self, request, obj=None):
        return False  # the record stays

    @admin.display(description=_("release or page"))
    def live_object(self, revision):
        ct = revision.content_type
        return format_html(
            '<a href="{}">{}</a>',
            reverse(
                f"admin:{ct.app_label}_{ct.model}_change", args=[revision.object_id]
            ),
            revision.object_repr,
        )

    def _viewable(self, request, revision_id) -> Revision:
        revision = get_object_or_404(
            Revision.objects.select_related("content_type", "author"),
            pk=revision_id,
        )
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        return revision

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        context = {}
        if revision is not None and self.has_view_permission(request, revision):
            context = {
                "revision": revision,
                "steps": revision.steps.select_related("user"),
                "may_decide": services.may_approve(request.user, revision),
                "is_own": revision.author_id == request.user.pk,
            }
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def decide_view(self, request, revision_id):
        return require_POST(self._decide)(request, revision_id)

    def _decide(self, request, revision_id):
        revision = self._viewable(request, revision_id)
        if not services.may_approve(request.user, revision):
            raise PermissionDenied
        comment = request.POST.get("comment", "").replace("\x00", "")[:2000]
        screen = reverse("admin:review_revision_change", args=[revision.pk])
        kwargs = {
            "revision": revision,
            "user": request.user,
            "comment": comment,
            "language": request.LANGUAGE_CODE,
            "site_url": _site_url(request),
        }
        try:
            if "_approve" in request.POST:
                services.approve(**kwargs)
                text = gettext("“%(title)s” is approved.")
            elif "_send_back" in request.POST:
                services.send_back(**kwargs)
                text = gettext("“%(title)s” is sent back to its writer.")
            else:
                return HttpResponseRedirect(screen)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(screen)
        self.message_user(request, text % {"title": revision}, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:review_revision_changelist") + "?state__exact=submitted"
        )

    def compare_view(self, request, revision_id):
        revision = self._viewable(request, revision_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Compare with the live version"),
            "revision": revision,
            "differences": differences(revision),
        }
        return TemplateResponse(request, "admin/review/revision/compare.html", context)

    def preview_view(self, request, revision_id):
        """The version as the public page would show it, drawn by that page's
        own view."""
        revision = self._viewable(request, revision_id)
        version = revision.instance()
        live = get_object_or_404(
            revision.content_type.model_class()._default_manager,
            pk=revision.object_id,
        )
        # The public route of the live row, drawing the version instead.
        match = resolve(live.get_absolute_url())
        view_class = match.func.view_class
        preview = type(
            "Preview", (view_class,), {"get_object": lambda self, qs=None: version}
        )
        response = preview.as_view()(request, *match.args, **match.kwargs)
        response.render()
        add_never_cache_headers(response)
        response.headers["X-Robots-Tag"] = "noindex"
        return response
