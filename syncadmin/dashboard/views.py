def dashboard(site, request, extra_context=None):
    from django.contrib.admin import AdminSite

    return AdminSite.index(site, request, extra_context)


def sync_now(site, request, company_id):
    raise NotImplementedError


pause = resume = download_log_file = sync_now
