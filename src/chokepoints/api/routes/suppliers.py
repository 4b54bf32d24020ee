"""``/api/suppliers``: upload a supplier map, check it, its exposure; runs are jobs.

A map is uploaded as one ``.xlsx`` workbook or one ``.zip`` of the CSV files (flat or in
one folder). It is validated and linked to the world exactly as ``chokepoints suppliers
check`` does, with the same messages (the upload's file name in place of a local path),
and only then stored, as CSV files, in ``<data folder>/maps/NAME``. Nothing from the
upload chooses a path: member names are reduced to known table names, so an upload can
never write outside the data folder.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from chokepoints.api.routes import renamed, settings_of
from chokepoints.api.security import require
from chokepoints.api.settings import Settings, check_name
from chokepoints.errors import ChokepointsError, DataError, NotFoundError

router = APIRouter(tags=["suppliers"])


def _tables() -> list[str]:
    from chokepoints.suppliers.schema import TABLES_BY_NAME

    return list(TABLES_BY_NAME)


def _unzip(data: bytes, upload: str, into: Path, s: Settings) -> None:
    """Copy the CSV members of a ZIP named after supplier-map tables into ``into``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DataError("is not a ZIP file (expected a .zip of the map's CSV files or an "
                        ".xlsx workbook)", file=upload) from None  # fmt: skip
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > s.max_upload_files:
        raise DataError(f"has {len(members)} files (expected at most {s.max_upload_files})",
                        file=upload)  # fmt: skip
    known = set(_tables())
    total = 0
    taken: dict[str, str] = {}
    for m in members:
        path = PurePosixPath(m.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or len(path.parts) > 2:
            raise DataError("is not a plain file name or one folder deep (expected e.g. "
                            "'sites.csv' or 'map/sites.csv')", file=upload,
                            field="member", value=m.filename)  # fmt: skip
        total += m.file_size
        if total > 4 * s.max_body_bytes:
            raise DataError(f"unpacks to more than {4 * s.max_body_bytes:,} bytes", file=upload)
        stem, suffix = path.stem, path.suffix.lower()
        if suffix == ".csv" and stem in known:
            if stem in taken:
                raise DataError(f"holds table '{stem}' twice (also as '{taken[stem]}'; "
                                "expected one file per table)", file=upload,
                                field="member", value=m.filename)  # fmt: skip
            taken[stem] = m.filename
            try:
                body = archive.read(m)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                    RuntimeError) as exc:  # fmt: skip
                # damaged data, an unsupported compression or an encrypted member
                raise DataError(f"cannot be unpacked ({exc}; expected a plain, undamaged "
                                "ZIP member)", file=upload, field="member",
                                value=m.filename) from None  # fmt: skip
            # The written name comes from the schema's table names, never from the upload.
            (into / f"{stem}.csv").write_bytes(body)


def _validate(folder_or_file: Path, upload: str) -> Any:
    """Read and link a map as the CLI's ``suppliers check``; messages name the upload."""
    from chokepoints.suppliers.io import read_map
    from chokepoints.suppliers.link import link_map

    try:
        smap = read_map(folder_or_file)
        link_map(smap)
    except DataError as exc:
        raise renamed(exc, str(folder_or_file), upload) from None
    return smap


@router.post("/suppliers/maps", status_code=201, dependencies=[Depends(require("analyst"))])
def upload_map(
    request: Request,
    name: str = Form(..., description="Name to store the map under (letters, digits, - _)."),
    file: UploadFile = File(..., description="A .xlsx workbook or a .zip of the CSV files."),
    replace: bool = Form(False, description="Replace a stored map of the same name."),
) -> dict[str, Any]:
    """Upload a supplier map: validated and linked like ``suppliers check``, then stored."""
    from chokepoints.suppliers.io import write_map

    s = settings_of(request)
    check_name(name)
    upload = PurePosixPath((file.filename or "upload").replace("\\", "/")).name or "upload"
    target = s.inside("maps", name)
    if target.exists() and not replace:
        raise DataError("exists already (send replace=true to overwrite it)", field="name",
                        value=name)  # fmt: skip
    data = file.file.read()  # a plain def: FastAPI runs it in a thread
    staging_root = s.inside("uploads")
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="map-", dir=staging_root))
    try:
        if upload.lower().endswith(".xlsx"):
            # Staged under the upload's own name (made safe), so the reader's messages
            # ("ev.xlsx, sheet 'links' ...") name the file the user sent.
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", upload).lstrip(".") or "map.xlsx"
            source = staging / safe
            source.write_bytes(data)
        elif upload.lower().endswith(".zip"):
            source = staging / "map"
            source.mkdir()
            _unzip(data, upload, source, s)
        else:
            raise DataError("is neither .xlsx nor .zip (expected a workbook or a ZIP of the "
                            "map's CSV files)", file=upload)  # fmt: skip
        smap = _validate(source, upload)
        s.maps_dir.mkdir(parents=True, exist_ok=True)
        write_map(smap, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"name": name, "tables": smap.describe()}


@router.get("/suppliers/maps", dependencies=[Depends(require("read"))])
def list_maps(request: Request) -> list[dict[str, Any]]:
    """The stored supplier maps."""
    s = settings_of(request)
    if not s.maps_dir.is_dir():
        return []
    return [{"name": p.name} for p in sorted(s.maps_dir.iterdir()) if p.is_dir()]


def _linked(request: Request, name: str) -> tuple[Any, Any]:
    from chokepoints.suppliers.io import read_map
    from chokepoints.suppliers.link import link_map
    from chokepoints.world.io import load_world

    s = settings_of(request)
    check_name(name)
    folder = s.inside("maps", name)
    if not folder.is_dir():
        known = [p.name for p in s.maps_dir.glob("*") if p.is_dir()]
        raise NotFoundError("supplier map", name, known)
    world = load_world(None)
    try:
        smap = read_map(folder)
    except ChokepointsError as exc:  # stored maps were valid; the world may have changed
        raise DataError(str(exc).replace(str(folder), name)) from None
    smap.name = name
    return world, link_map(smap, world)


@router.get("/suppliers/maps/{name}", dependencies=[Depends(require("read"))])
def check_map(request: Request, name: str) -> dict[str, Any]:
    """Table sizes and the linked network's size (as ``chokepoints suppliers check``)."""
    _, linked = _linked(request, name)
    nodes = linked.nodes
    return {
        "name": name,
        "tables": linked.smap.describe(),
        "linked_nodes_user": int((~nodes["inferred"]).sum()),
        "linked_nodes_inferred": int(nodes["inferred"].sum()),
        "linked_edges": len(linked.edges),
        "linked_edges_cross_border": int(linked.edges["cross_border"].sum()),
    }


@router.get("/suppliers/maps/{name}/exposure", dependencies=[Depends(require("read"))])
def map_exposure(request: Request, name: str) -> dict[str, Any]:
    """Per product line: element content and the share through each country, by tier and
    path (as ``chokepoints suppliers exposure --format json``)."""
    from chokepoints.output import to_json
    from chokepoints.suppliers.exposure import supplier_exposure

    world, linked = _linked(request, name)
    res = supplier_exposure(linked, world)
    tables = {"summary": res.summary, "countries": res.by_country, "paths": res.paths}
    return json.loads(to_json(tables))  # type: ignore[no-any-return]
