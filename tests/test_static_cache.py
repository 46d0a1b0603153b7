"""Issue 13: static files are cached for a year only under their versioned URL (``?v=<content hash>``,
which changes with the file); a bare URL is revalidated each time, answered 304 when unchanged."""

import re


def test_versioned_static_urls_are_immutable_and_bare_ones_revalidate(client):
    page = client.get("/").get_data(as_text=True)
    versioned = re.search(r'href="(/static/suite\.css\?v=[0-9a-f]+)"', page).group(1)

    long_lived = client.get(versioned)
    bare = client.get("/static/suite.css")
    again = client.get("/static/suite.css", headers={"If-None-Match": bare.headers["ETag"]})

    assert long_lived.cache_control.max_age == 365 * 86400 and long_lived.cache_control.immutable
    assert long_lived.cache_control.public and not long_lived.cache_control.no_cache
    assert bare.status_code == 200 and bare.cache_control.no_cache and not bare.cache_control.immutable
    assert again.status_code == 304
