"""The dashboard sees a real django-q2 cluster (``manage.py qcluster`` on the test database:
ORM broker in the first pass of scripts/test.sh, Redis in the second).

The cluster saves its stats every guard cycle into the shared ``cluster-stats`` cache (files
in the data directory by default); the web process reads them with `Stat.get_all`.
"""

import time

import pytest
from django.core.cache import caches
from django.test import Client

from syncadmin.dashboard.cluster import cluster_status, running_clusters
from tests.production.clusters import start_cluster, stop_cluster

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_running_cluster_is_seen_and_the_banner_goes_away(django_user_model):
    user = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    # A cluster another test started may still be saying goodbye: its stats live 3 s.
    caches["cluster-stats"].clear()
    deadline = time.monotonic() + 15
    while running_clusters() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert 'id="cluster-banner"' in client.get("/").content.decode()

    cluster = start_cluster()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not running_clusters():
            assert cluster.poll() is None, cluster.stdout.read().decode(errors="replace")
            time.sleep(0.5)
        assert running_clusters() >= 1  # django-q2's own stats, through the shared cache
        assert cluster_status().alive
        assert 'id="cluster-banner"' not in client.get("/").content.decode()
    finally:
        stop_cluster(cluster)
