from django.apps import AppConfig


class XapiConfig(AppConfig):
    name = "frontline.xapi"
    label = "xapi"
    verbose_name = "xAPI statements"
