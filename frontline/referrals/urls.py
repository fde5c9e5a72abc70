from django.urls import path

from frontline.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new", views.start, name="start"),
    path("file", views.file, name="file"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/acknowledge", views.acknowledge, name="acknowledge"),
    path("<int:pk>/assess", views.assess, name="assess"),
    path("<int:pk>/refer", views.refer, name="refer"),
    path("<int:pk>/close", views.close, name="close"),
    path("<int:pk>/answer", views.answer, name="answer"),
    path("<int:pk>/withdraw-consent", views.withdraw_consent, name="withdraw_consent"),
]
