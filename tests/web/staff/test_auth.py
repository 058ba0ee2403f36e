"""Login, sessions, CSRF, rate limiting and the guard of every /staff route."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, List, Tuple

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.review.settings import ReviewSettings
from tests.web.staff.conftest import PASSWORD, build_app, csrf_in, login, with_client
from tests.web.staff.fakes import FakeStore, make_question

PUBLIC = {"/staff/login"}
SAMPLE = {"question_id": "1", "tail": ""}


def staff_routes(app: web.Application) -> List[Tuple[str, str]]:
    """(method, path) of every route under /staff except the login page, as registered."""
    routes = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if not (path == "/staff" or path.startswith("/staff/")) or path in PUBLIC:
            continue
        concrete = re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: SAMPLE.get(m.group(1), "1"), path)
        routes.append((route.method, concrete))
    return routes


def test_the_route_list_covers_pages_api_and_actions(app: web.Application) -> None:
    found = set(staff_routes(app))
    for expected in [
        ("GET", "/staff"),
        ("GET", "/staff/clusters"),
        ("GET", "/staff/questions/1"),
        ("POST", "/staff/review"),
        ("POST", "/staff/export"),
        ("GET", "/staff/export/questions.csv"),
        ("GET", "/staff/dashboard"),
        ("GET", "/staff/api/questions"),
        ("POST", "/staff/api/review"),
        ("POST", "/staff/logout"),
    ]:
        assert expected in found


def test_every_staff_route_refuses_requests_without_a_session(
    app: web.Application, store: FakeStore
) -> None:
    store.add(make_question(1, "粗大ごみの収集日は？"))
    routes = staff_routes(app)
    assert len(routes) >= 14

    async def scenario(client: TestClient) -> List[Tuple[str, str, int, str]]:
        replies = []
        for method, path in routes:
            response = await client.request(method, path, allow_redirects=False)
            replies.append((method, path, response.status, response.headers.get("Location", "")))
            # Even a forged cookie is not a session.
            client.session.cookie_jar.update_cookies({"aisho_staff": "forged"})
        return replies

    for method, path, status, location in with_client(app, scenario):
        if path.startswith("/staff/api/"):
            assert status == 401, (method, path)
        elif method in ("GET", "HEAD"):
            assert status == 302 and location.startswith("/staff/login?next="), (method, path)
        else:
            assert status in (401, 403), (method, path)
    assert not any(q.reviewed_by for q in store.questions.values())


def test_api_without_session_answers_json(app: web.Application) -> None:
    async def scenario(client: TestClient) -> Any:
        response = await client.get("/staff/api/questions")
        return response.status, await response.json()

    status, body = with_client(app, scenario)
    assert status == 401 and "ログイン" in body["error"]


def test_page_redirect_keeps_where_staff_wanted_to_go(app: web.Application) -> None:
    async def scenario(client: TestClient) -> Any:
        first = await client.get("/staff/dashboard?from=2026-11-01", allow_redirects=False)
        response = await login(client, next_path=_next_of(first.headers["Location"]))
        return response.headers["Location"]

    assert with_client(app, scenario) == "/staff/dashboard?from=2026-11-01"


def _next_of(location: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(location).query)["next"][0]


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/staff", "/\\evil", "/"]
)
def test_login_never_redirects_off_the_staff_pages(app: web.Application, target: str) -> None:
    async def scenario(client: TestClient) -> str:
        return (await login(client, next_path=target)).headers["Location"]

    assert with_client(app, scenario) == "/staff"


def test_login_sets_a_strict_http_only_cookie_and_rotates_the_session(
    app: web.Application, store: FakeStore
) -> None:
    async def scenario(client: TestClient) -> Any:
        first = await login(client)
        cookie_header = first.headers.getall("Set-Cookie")
        old_token = first.cookies["aisho_staff"].value
        second = await login(client)
        return cookie_header, old_token, second.cookies["aisho_staff"].value

    cookie_header, old_token, new_token = with_client(app, scenario)
    session_cookie = next(c for c in cookie_header if c.startswith("aisho_staff="))
    assert "HttpOnly" in session_cookie
    assert "SameSite=Strict" in session_cookie
    assert "Path=/staff" in session_cookie
    assert "Secure" not in session_cookie  # plain http in this test
    assert new_token != old_token
    assert store.get_session(old_token) is None
    assert store.get_session(new_token).username == "staff"


def test_cookie_is_secure_behind_an_https_proxy(app: web.Application) -> None:
    async def scenario(client: TestClient) -> str:
        response = await login(client, headers={"X-Forwarded-Proto": "https"})
        return next(c for c in response.headers.getall("Set-Cookie") if "aisho_staff=" in c)

    assert "Secure" in with_client(app, scenario)


def test_wrong_password_is_refused_politely(app: web.Application) -> None:
    async def scenario(client: TestClient) -> Any:
        response = await login(client, password="wrong")  # noqa: S106
        inbox = await client.get("/staff", allow_redirects=False)
        return response.status, await response.text(), inbox.status

    status, text, inbox_status = with_client(app, scenario)
    assert status == 401
    assert "ユーザー名またはパスワードが正しくありません" in text
    assert inbox_status == 302


def test_after_three_failures_the_account_waits_even_for_the_right_password(
    app: web.Application, store: FakeStore
) -> None:
    async def scenario(client: TestClient) -> List[int]:
        statuses = [(await login(client, password=f"wrong{i}")).status for i in range(3)]
        waiting = await login(client)  # the right password, too soon
        statuses.append(waiting.status)
        assert "30秒ほどログインできません" in await waiting.text()
        # Half a minute later (the failures moved back in time): it works.
        store.failures["user:staff"] = [
            at - timedelta(seconds=31) for at in store.failures["user:staff"]
        ]
        statuses.append((await login(client)).status)
        return statuses

    assert with_client(app, scenario) == [401, 401, 401, 429, 303]
    assert store.verified == 4  # the refused attempt never reached the password check


def behind_proxy(address: str) -> dict:
    """Headers of a request that reaches the web server through the town's proxy."""
    return {"X-Forwarded-For": address}


def test_one_person_failing_behind_the_proxy_does_not_lock_out_colleagues(
    store: FakeStore, review_settings: ReviewSettings
) -> None:
    store.users["tanaka"] = PASSWORD
    app = build_app(store, review_settings)

    async def scenario(client: TestClient) -> Tuple[List[int], int, int]:
        guesses = [
            (
                await login(
                    client,
                    username=f"guess{i}",
                    password="x",  # noqa: S106
                    headers=behind_proxy("10.1.0.7"),
                )
            ).status
            for i in range(21)
        ]
        colleague = await login(client, username="tanaka", headers=behind_proxy("10.1.0.8"))
        guesser = await login(client, username="tanaka", headers=behind_proxy("10.1.0.7"))
        return guesses, colleague.status, guesser.status

    guesses, colleague, guesser = with_client(app, scenario)
    assert guesses[:20] == [401] * 20 and guesses[20] == 429  # that address is stopped
    assert colleague == 303  # the same proxy, another person: not locked out
    assert guesser == 429


def test_concurrent_guesses_cannot_all_pass_the_check(
    app: web.Application, store: FakeStore
) -> None:
    async def scenario(client: TestClient) -> List[int]:
        import asyncio

        tries = [login(client, password=f"wrong{i}") for i in range(10)]
        return sorted(response.status for response in await asyncio.gather(*tries))

    statuses = with_client(app, scenario)
    assert statuses.count(401) <= 3 and statuses.count(429) >= 7
    assert store.verified <= 3


def test_success_clears_the_failures_of_the_username(
    store: FakeStore, review_settings: ReviewSettings
) -> None:
    store.users["other"] = PASSWORD
    app = build_app(store, review_settings)

    async def scenario(client: TestClient) -> int:
        for _ in range(2):
            await login(client, password="wrong")  # noqa: S106
        assert (await login(client)).status == 303
        assert store.login_failures("user:staff", within=timedelta(hours=1)) == 0
        return (await login(client)).status

    assert with_client(app, scenario) == 303


def test_login_form_needs_its_csrf_token(app: web.Application, store: FakeStore) -> None:
    async def scenario(client: TestClient) -> int:
        await client.get("/staff/login")  # has the cookie, but the form field is missing
        response = await client.post(
            "/staff/login",
            data={"username": "staff", "password": PASSWORD},
            allow_redirects=False,
        )
        return response.status

    assert with_client(app, scenario) == 403
    assert not store.sessions


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_posts_without_the_session_csrf_token_are_forbidden(
    app: web.Application, store: FakeStore, token: Any
) -> None:
    store.add(make_question(1, "質問"))

    async def scenario(client: TestClient) -> Tuple[int, int]:
        await login(client)
        data = {
            "action": "ignore",
            "ids": "1",
            **({"csrf_token": token} if token is not None else {}),
        }
        form = await client.post("/staff/review", data=data, allow_redirects=False)
        api = await client.post(
            "/staff/api/review",
            json={"action": "ignore", "ids": [1]},
            headers={"X-CSRF-Token": token or ""},
        )
        return form.status, api.status

    assert with_client(app, scenario) == (403, 403)
    assert store.questions[1].status == "new"


def test_logout_needs_csrf_and_ends_the_session(app: web.Application, store: FakeStore) -> None:
    async def scenario(client: TestClient) -> Tuple[int, int, int]:
        await login(client)
        page = await client.get("/staff")
        forged = await client.post("/staff/logout", allow_redirects=False)
        token = csrf_in(await page.text())
        out = await client.post("/staff/logout", data={"csrf_token": token}, allow_redirects=False)
        after = await client.get("/staff", allow_redirects=False)
        return forged.status, out.status, after.status

    assert with_client(app, scenario) == (403, 303, 302)
    assert not store.sessions


def test_login_page_explains_how_to_create_the_first_user(
    review_settings: ReviewSettings,
) -> None:
    app = build_app(FakeStore(users={}), review_settings)

    async def scenario(client: TestClient) -> str:
        return await (await client.get("/staff/login")).text()

    text = with_client(app, scenario)
    assert "make staff-user NAME=" in text
    assert "STAFF_PASSWORD_HASH" in text and "python -m bot.review hash-password" in text
    assert 'type="password"' not in text


def test_an_environment_user_counts_as_configured(review_settings: ReviewSettings) -> None:
    from dataclasses import replace

    settings = replace(review_settings, staff_username="staff", staff_password_hash="x")  # noqa: S106
    app = build_app(FakeStore(users={}), settings)

    async def scenario(client: TestClient) -> str:
        return await (await client.get("/staff/login")).text()

    assert 'type="password"' in with_client(app, scenario)


@pytest.mark.parametrize("path", ["/staff/login", "/staff", "/staff/dashboard"])
def test_staff_pages_have_strict_security_headers(app: web.Application, path: str) -> None:
    async def scenario(client: TestClient) -> Any:
        await login(client)
        return (await client.get(path, allow_redirects=False)).headers

    headers = with_client(app, scenario)
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_redirect_to_login_has_the_security_headers_too(app: web.Application) -> None:
    async def scenario(client: TestClient) -> Any:
        return (await client.get("/staff", allow_redirects=False)).headers

    headers = with_client(app, scenario)
    assert headers["Cache-Control"] == "no-store" and headers["X-Frame-Options"] == "DENY"


def test_residents_pages_keep_their_own_headers(app: web.Application) -> None:
    async def scenario(client: TestClient) -> Any:
        return (await client.get("/healthz")).headers

    assert with_client(app, scenario)["X-Frame-Options"] == "SAMEORIGIN"
