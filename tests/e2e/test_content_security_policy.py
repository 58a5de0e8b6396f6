"""The Content-Security-Policy in a browser: what it refuses is caught by every browser
test (conftest.py), and the pages we do not write ourselves still work under it."""

from playwright.sync_api import expect

from tests.e2e.checks import E2E

pytestmark = E2E


def wait_for(found, page):
    for _ in range(50):
        if found:
            return
        page.wait_for_timeout(100)


def test_an_injected_inline_script_or_style_is_refused_and_fails_the_browser_test(
    page, csp_violations
):
    page.goto("/fi/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true;";
          document.body.append(script);
          document.body.setAttribute("style", "background: red");
        }"""
    )
    wait_for(csp_violations, page)
    assert page.evaluate("() => window.injected") is None
    directives = {violation["directive"] for violation in csp_violations}
    assert {"script-src-elem", "style-src-attr"} <= directives, csp_violations
    # Provoked on purpose: without this the test would fail at its end, as any other
    # browser test with a refusal does.
    csp_violations.clear()


def test_the_api_reference_renders_under_the_policy_and_loads_nothing_from_elsewhere(
    page, csp_violations
):
    fetched = []
    page.on("response", lambda response: fetched.append(response.url))
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Kohtaamo API", level=1)).to_be_visible()
    expect(page.get_by_text("Culture referrals for client-information systems")).to_be_visible()
    # The search runs in Redoc's worker.
    page.get_by_role("textbox", name="Search").fill("referral")
    expect(page.get_by_role("menuitem").first).to_be_visible()
    origin = page.url.split("/api/")[0]
    assert [url for url in fetched if not url.startswith((origin, f"blob:{origin}"))] == []
    # Redoc's own logo lives on Redocly's site: refused, and Redoc leaves it out.
    wait_for(csp_violations, page)
    refused = {v.get("blocked") for v in csp_violations if v["directive"] == "img-src"}
    assert refused == {"https://cdn.redoc.ly/redoc/logo-mini.svg"}
    expect(page.get_by_role("img", name="redocly logo")).to_have_count(0)
    csp_violations[:] = [
        v for v in csp_violations if "cdn.redoc.ly" not in (v.get("blocked") or v.get("sample"))
    ]
