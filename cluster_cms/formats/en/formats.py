# English pages show dates as the cluster's releases always have: "Release Time:
# 2017-12-21". Formats not set here come from Django's "en" locale.
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
