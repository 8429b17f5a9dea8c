# Chinese pages write dates the Chinese way: "2017年12月21日". Django's zh_Hans
# locale says the same today; stating it here keeps the site's promise if that
# ever changes. Formats not set here come from Django's locale.
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
