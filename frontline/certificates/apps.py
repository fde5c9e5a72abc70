from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "frontline.certificates"
    verbose_name = "Certificates"

    def ready(self) -> None:
        from frontline.certificates import checks  # noqa: F401  (registers the deploy check)
