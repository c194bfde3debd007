from django.apps import AppConfig


class PortalBenchConfig(AppConfig):
    name = "bench.portal_bench"
    label = "portal_bench"
    verbose_name = "Benchmark tools"
