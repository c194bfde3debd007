from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("map/", views.map_view, name="map"),
    path("statistics/", views.statistics_view, name="statistics"),
    path("statistics/<slug:slug>.csv", views.chart_csv, name="chart_csv"),
]
