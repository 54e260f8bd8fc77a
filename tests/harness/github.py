"""A stand-in for the two GitHub REST API calls all-repos makes: the sandbox's ``github`` tool.

all-repos' ``github_org`` source lists an organisation's repositories
(``GET /orgs/<org>/repos``) and its ``github_pull_request`` push opens a pull request
(``POST /repos/<org>/<name>/pulls``) after pushing the branch. Scenarios cannot reach
GitHub, so this server answers both on 127.0.0.1, the way GitHub does for the fields
all-repos reads, from the sandbox's published remotes (``remotes/github.com/<org>/*.git``,
see ``harness.remote``). The page shows ``https://api.github.com``; the sandbox's alias
sends that address here. HOME's git configuration sends ``git@github.com:<org>/`` (the
``ssh_url`` GitHub returns) to the same bare repositories.

Every request must carry ``Authorization: token <the sandbox's token>``: a request
without it gets 401, as from GitHub. A pull request whose branch was not pushed gets 422.
The pull requests opened are kept in ``<sandbox>/github/pulls.json``.
"""

from __future__ import annotations

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TOKEN_ENV = "GITHUB_TOKEN"
SHOWN_URL = "https://api.github.com"


class StandIn:
    def __init__(self, root: Path, token: str) -> None:
        self.root = root
        self.token = token
        self.remotes = root / "remotes" / "github.com"
        self.pulls_file = root / "github" / "pulls.json"
        self.pulls_file.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"standin": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def pulls(self) -> list[dict]:
        return json.loads(self.pulls_file.read_text()) if self.pulls_file.exists() else []

    # -- what GitHub answers -----------------------------------------------------------
    def org_repos(self, org: str) -> list[dict] | None:
        folder = self.remotes / org
        if not folder.is_dir():
            return None
        return [
            {"full_name": f"{org}/{bare.name.removesuffix('.git')}", "ssh_url": f"git@github.com:{org}/{bare.name}",
             "fork": False, "private": False, "archived": False, "permissions": {"admin": True}}
            for bare in sorted(folder.glob("*.git"))
        ]

    def open_pull(self, org: str, name: str, body: dict) -> tuple[int, dict]:
        bare = self.remotes / org / f"{name}.git"
        if not bare.is_dir():
            return 404, {"message": "Not Found"}
        head = str(body.get("head", ""))
        branch = subprocess.run(["git", "--git-dir", str(bare), "rev-parse", "--verify", "--quiet", f"refs/heads/{head}"],
                                capture_output=True, text=True)
        if branch.returncode or not body.get("title") or not body.get("base"):
            return 422, {"message": "Validation Failed"}
        with self._lock:
            pulls = self.pulls()
            number = 1 + sum(1 for p in pulls if p["repository"] == f"{org}/{name}")
            url = f"https://github.com/{org}/{name}/pull/{number}"
            pulls.append({"repository": f"{org}/{name}", "number": number, "title": body["title"], "body": body.get("body", ""),
                          "head": head, "base": body["base"], "commit": branch.stdout.strip(), "html_url": url})
            self.pulls_file.write_text(json.dumps(pulls, indent=2) + "\n")
        return 201, {"number": number, "html_url": url}


class _Handler(BaseHTTPRequestHandler):
    standin: StandIn

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def _reply(self, status: int, doc: object) -> None:
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") == f"token {self.standin.token}":
            return True
        self._reply(401, {"message": "Bad credentials"})
        return False

    def do_GET(self) -> None:  # noqa: N802
        if not self._authorised():
            return
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        if len(parts) == 3 and parts[0] == "orgs" and parts[2] == "repos":
            repos = self.standin.org_repos(parts[1])
            self._reply(200, repos) if repos is not None else self._reply(404, {"message": "Not Found"})
            return
        self._reply(404, {"message": "Not Found"})

    def do_POST(self) -> None:  # noqa: N802
        if not self._authorised():
            return
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            self._reply(400, {"message": "Problems parsing JSON"})
            return
        if len(parts) == 4 and parts[0] == "repos" and parts[3] == "pulls":
            self._reply(*self.standin.open_pull(parts[1], parts[2], body))
            return
        self._reply(404, {"message": "Not Found"})
