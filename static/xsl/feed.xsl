<?xml version="1.0" encoding="UTF-8"?>
<!-- The news feed (RSS 2.0) as a readable page, for a reader who opens it in a
     browser; feed readers ignore it. Its words follow the feed's language. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
    <xsl:output method="html" encoding="UTF-8" indent="yes"/>
    <xsl:variable name="chinese" select="starts-with(/rss/channel/language, 'zh')"/>
    <xsl:template match="/rss/channel">
        <html>
            <xsl:attribute name="lang"><xsl:value-of select="language"/></xsl:attribute>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title><xsl:value-of select="title"/></title>
            </head>
            <body>
                <main>
                    <h1><xsl:value-of select="title"/></h1>
                    <p>
                        <xsl:choose>
                            <xsl:when test="$chinese">这是新闻订阅源（RSS）：把本页地址复制到您的阅读器中，即可收到新发布的新闻。</xsl:when>
                            <xsl:otherwise>This is a news feed (RSS): copy this page's address into your feed reader to receive new releases as they are published.</xsl:otherwise>
                        </xsl:choose>
                    </p>
                    <p>
                        <a>
                            <xsl:attribute name="href"><xsl:value-of select="link"/></xsl:attribute>
                            <xsl:choose>
                                <xsl:when test="$chinese">在网站上阅读新闻</xsl:when>
                                <xsl:otherwise>Read the news on the site</xsl:otherwise>
                            </xsl:choose>
                        </a>
                    </p>
                    <xsl:for-each select="item">
                        <article>
                            <h2>
                                <a>
                                    <xsl:attribute name="href"><xsl:value-of select="link"/></xsl:attribute>
                                    <xsl:value-of select="title"/>
                                </a>
                            </h2>
                            <p><time><xsl:value-of select="pubDate"/></time></p>
                            <p><xsl:value-of select="description"/></p>
                        </article>
                    </xsl:for-each>
                </main>
            </body>
        </html>
    </xsl:template>
</xsl:stylesheet>
