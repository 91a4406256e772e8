"""The pages: GET / (the trainers' page, static/index.html) and GET /docs (the
API documentation). Both work offline: FastAPI's own /docs loads Swagger UI
from a CDN, so /docs here is a small page of ours (apidocs/) that renders
/openapi.json with a script served by this server.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from goaltext_api.dependencies import ServiceDep
from goaltext_api.errors import ApiError
from goaltext_api.settings import PACKAGE_DIR

DOCS_DIR = PACKAGE_DIR / "apidocs"
router = APIRouter(include_in_schema=False)


@router.get("/")
async def index(service: ServiceDep) -> FileResponse:
    page = service.settings.static_dir / "index.html"
    if not page.is_file():
        raise ApiError("page_missing")
    return FileResponse(page, media_type="text/html; charset=utf-8")


@router.get("/docs")
async def docs() -> FileResponse:
    return FileResponse(DOCS_DIR / "index.html", media_type="text/html; charset=utf-8")
