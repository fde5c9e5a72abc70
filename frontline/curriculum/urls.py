from django.urls import path

from frontline.curriculum import guide_views, views

app_name = "curriculum"

urlpatterns = [
    path("learn/", views.course_map, name="map"),
    path("learn/continue/", views.continue_learning, name="continue"),
    path("learn/glossary/", views.glossary, name="glossary"),
    path("learn/<slug:unit>/", views.unit_detail, name="unit"),
    path("learn/<slug:unit>/handout.pdf", views.handout, name="handout"),
    path("learn/<slug:unit>/guide/", guide_views.guide_page, name="guide"),
    path("learn/<slug:unit>/guide.pdf", guide_views.guide_download, name="guide_pdf"),
    path("learn/<slug:unit>/<slug:lesson>/", views.lesson_detail, name="lesson"),
    path("learn/<slug:unit>/<slug:lesson>/done", views.lesson_done, name="lesson_done"),
    path("learn/<slug:unit>/<slug:lesson>/present/", guide_views.presenter, name="present"),
    path("search/", views.search, name="search"),
    path("library/", views.library, name="library"),
    path("library/<slug:key>/", views.resource_detail, name="resource"),
]
