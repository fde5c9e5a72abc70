from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("frontline.web.urls")),
    path("accounts/", include("frontline.accounts.urls")),
    # Before the curriculum: its learn/<unit>/ would otherwise catch learn/quizzes/.
    path("", include("frontline.assessment.urls")),
    path("", include("frontline.scenarios.urls")),
    path("", include("frontline.curriculum.urls")),
    path("", include("frontline.fieldkit.urls")),
    path("courses/", include("frontline.courses.urls")),
    path("home/", include("frontline.home.urls")),
    path("certificates/", include("frontline.certificates.urls")),
    path("", include("frontline.intelligence.urls")),
    path("audit/", include("frontline.audit.urls")),
    path("scorm/", include("frontline.scorm.urls")),
    path("lti/", include("frontline.lti.urls")),
    path("referrals/", include("frontline.referrals.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
