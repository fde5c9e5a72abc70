from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "frontline.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence"
