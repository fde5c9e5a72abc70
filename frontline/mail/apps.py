from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "frontline.mail"
    label = "mail"
    verbose_name = "E-mail"
