<?xml version="1.0" encoding="UTF-8"?>
<!-- The sitemap (its index and each section) as a readable page, for a person
     who opens it in a browser; search engines ignore it. The sitemap has one
     address for both languages, so the page says things in both. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:sitemap="http://www.sitemaps.org/schemas/sitemap/0.9"
                xmlns:xhtml="http://www.w3.org/1999/xhtml"
                exclude-result-prefixes="sitemap xhtml">
    <xsl:output method="html" encoding="UTF-8" indent="yes"/>
    <xsl:template match="/">
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>Sitemap · 网站地图</title>
            </head>
            <body>
                <main>
                    <h1>Sitemap · <span lang="zh-Hans">网站地图</span></h1>
                    <p>The addresses this site gives search engines. <span lang="zh-Hans">本站提供给搜索引擎的网址。</span></p>
                    <xsl:apply-templates select="sitemap:sitemapindex | sitemap:urlset"/>
                </main>
            </body>
        </html>
    </xsl:template>
    <xsl:template match="sitemap:sitemapindex">
        <h2>Sections · <span lang="zh-Hans">分区</span> (<xsl:value-of select="count(sitemap:sitemap)"/>)</h2>
        <ul>
            <xsl:for-each select="sitemap:sitemap">
                <li>
                    <a>
                        <xsl:attribute name="href"><xsl:value-of select="sitemap:loc"/></xsl:attribute>
                        <xsl:value-of select="sitemap:loc"/>
                    </a>
                </li>
            </xsl:for-each>
        </ul>
    </xsl:template>
    <xsl:template match="sitemap:urlset">
        <h2>Pages · <span lang="zh-Hans">网页</span> (<xsl:value-of select="count(sitemap:url)"/>)</h2>
        <table>
            <thead>
                <tr><th scope="col">Address · <span lang="zh-Hans">网址</span></th><th scope="col">Last changed · <span lang="zh-Hans">最后修改</span></th></tr>
            </thead>
            <tbody>
                <xsl:for-each select="sitemap:url">
                    <tr>
                        <td>
                            <a>
                                <xsl:attribute name="href"><xsl:value-of select="sitemap:loc"/></xsl:attribute>
                                <xsl:value-of select="sitemap:loc"/>
                            </a>
                        </td>
                        <td><xsl:value-of select="sitemap:lastmod"/></td>
                    </tr>
                </xsl:for-each>
            </tbody>
        </table>
    </xsl:template>
</xsl:stylesheet>
