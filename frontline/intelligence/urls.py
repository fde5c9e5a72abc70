from django.urls import path

from frontline.intelligence import views

app_name = "intelligence"

urlpatterns = [
    path("intelligence/", views.report_list, name="list"),
    path("intelligence/new/", views.report_new, name="new"),
    path("intelligence/<int:pk>/", views.report_detail, name="detail"),
    path("intelligence/<int:pk>/review/", views.report_review, name="review"),
    path("intelligence/<int:pk>/disseminate/", views.report_disseminate, name="disseminate"),
    path("intelligence/<int:pk>/network/", views.network, name="network"),
    path("intelligence/search/", views.search, name="search"),
    path("intelligence/links/", views.links, name="links"),
    path("intelligence/links/<int:pk>/", views.link_decide, name="link_decide"),
    path("intelligence/statistics/", views.stats, name="statistics"),
    path("intelligence/bulletins/new/", views.bulletin_new, name="bulletin_new"),
    path("intelligence/bulletins/<int:pk>/publish/", views.bulletin_publish, name="publish"),
    path("briefings/", views.bulletins, name="bulletins"),
    path("briefings/<int:pk>/", views.bulletin, name="bulletin"),
]
