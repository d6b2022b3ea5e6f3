"""An OCI image archive, read independently of ops/image-build (Python's standard library only), for ops/image-test.

  oci_image.py check ARCHIVE DOCKERFILE DIR  unpack the archive into DIR/layout and check it: every blob's sha256 and
                                             size as the index and manifest say, media types, the layers' diff_ids
                                             (sha256 of each uncompressed layer), Docker's manifest.json, and the
                                             config's entrypoint, command, user and working directory against the
                                             Dockerfile's
  oci_image.py runtime-config BUNDLE CONFIG HOSTS ARGS...
                                             set the process of the runtime bundle umoci unpacked (BUNDLE/config.json)
                                             as `docker run --network host --shm-size 512m IMAGE ARGS` would: ARGS
                                             after the entrypoint of the image's CONFIG (umoci wrote entrypoint +
                                             command), no
                                             terminal, the host's network, a 512 MiB /dev/shm, and HOSTS as
                                             /etc/hosts
"""
import gzip
import hashlib
import json
import os
import shutil
import sys
import tarfile

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def extract(t, dest, members=None):
    """Extracts as tar would, owners and modes kept; names that leave dest are refused (Python without PEP 706's
    extraction filters, such as bookworm's 3.11.2, has no filter to do it)."""
    members = t.getmembers() if members is None else members
    for m in members:
        if os.path.isabs(m.name) or ".." in m.name.split("/"):
            fail("%s: a member outside the archive's directory" % m.name)
    kwargs = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}
    t.extractall(dest, members=members, numeric_owner=True, **kwargs)


def fail(msg):
    print("oci_image: " + msg, file=sys.stderr)
    sys.exit(1)


def blob(layout, descriptor, media_type):
    if descriptor.get("mediaType") != media_type:
        fail("%s: media type %s, expected %s" % (descriptor.get("digest"), descriptor.get("mediaType"), media_type))
    algo, hexd = descriptor["digest"].split(":", 1)
    if algo != "sha256":
        fail("digest algorithm " + algo)
    path = os.path.join(layout, "blobs", "sha256", hexd)
    data = open(path, "rb").read()
    if hashlib.sha256(data).hexdigest() != hexd:
        fail("blob %s: its sha256 is %s" % (hexd, hashlib.sha256(data).hexdigest()))
    if len(data) != descriptor["size"]:
        fail("blob %s: %d bytes, the descriptor says %d" % (hexd, len(data), descriptor["size"]))
    return path, data


def dockerfile_config(dockerfile):
    """ENTRYPOINT, CMD (JSON arrays), USER and the last WORKDIR, as the Dockerfile says them."""
    want, line = {}, ""
    for raw in open(dockerfile):
        raw = raw.rstrip("\n")
        if not line and raw.lstrip().startswith("#"):
            continue
        if raw.endswith("\\"):
            line += raw[:-1] + " "
            continue
        line, full = "", line + raw
        parts = full.strip().split(None, 1)
        if len(parts) == 2 and parts[0].upper() in ("ENTRYPOINT", "CMD"):
            want["Entrypoint" if parts[0].upper() == "ENTRYPOINT" else "Cmd"] = json.loads(parts[1])
        elif len(parts) == 2 and parts[0].upper() == "USER":
            want["User"] = parts[1]
        elif len(parts) == 2 and parts[0].upper() == "WORKDIR":
            want["WorkingDir"] = parts[1]
    return want


def check(archive, dockerfile, out):
    layout = os.path.join(out, "layout")
    os.makedirs(layout)
    with tarfile.open(archive) as t:
        extract(t, layout)
    if json.load(open(os.path.join(layout, "oci-layout"))).get("imageLayoutVersion") != "1.0.0":
        fail("oci-layout: not version 1.0.0")
    index = json.load(open(os.path.join(layout, "index.json")))
    if len(index["manifests"]) != 1:
        fail("index.json: %d manifests, expected 1" % len(index["manifests"]))
    m_desc = index["manifests"][0]
    _, m_data = blob(layout, m_desc, OCI_MANIFEST)
    manifest = json.loads(m_data)
    c_path, c_data = blob(layout, manifest["config"], OCI_CONFIG)
    config = json.loads(c_data)
    if (config["architecture"], config["os"]) != ("amd64", "linux"):
        fail("config: platform %s/%s" % (config["os"], config["architecture"]))
    diff_ids = []
    for layer in manifest["layers"]:
        path, _ = blob(layout, layer, OCI_LAYER)
        h = hashlib.sha256()
        with gzip.open(path, "rb") as g:
            for chunk in iter(lambda: g.read(1 << 20), b""):
                h.update(chunk)
        diff_ids.append("sha256:" + h.hexdigest())
    if config["rootfs"]["diff_ids"] != diff_ids:
        fail("config: diff_ids %s, the layers are %s" % (config["rootfs"]["diff_ids"], diff_ids))
    want = dockerfile_config(dockerfile)
    for key, value in want.items():
        if config["config"].get(key) != value:
            fail("config: %s is %r, the Dockerfile says %r" % (key, config["config"].get(key), value))
    docker = json.load(open(os.path.join(layout, "manifest.json")))
    name = m_desc["annotations"]["io.containerd.image.name"]
    if docker != [{"Config": "blobs/" + manifest["config"]["digest"].replace(":", "/"), "RepoTags": [name],
                   "Layers": ["blobs/" + l["digest"].replace(":", "/") for l in manifest["layers"]]}]:
        fail("manifest.json (Docker's) does not name the same config, layers and tag: %s" % docker)
    print("oci_image: %s: %s, %d layers (%s), config %s; entrypoint %s, user %s, workdir %s" % (
        archive, name, len(diff_ids), ", ".join("%d MiB" % (l["size"] >> 20) for l in manifest["layers"]),
        manifest["config"]["digest"][:19], config["config"]["Entrypoint"], config["config"]["User"],
        config["config"]["WorkingDir"]))
    shutil.copy(c_path, os.path.join(out, "config.json"))


def runtime_config(bundle, image_config, hosts, *args):
    path = os.path.join(bundle, "config.json")
    c = json.load(open(path))
    image = json.load(open(image_config))["config"]
    c["process"]["terminal"] = False
    c["process"]["args"] = (image.get("Entrypoint") or []) + list(args)
    c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "network"]
    for m in c["mounts"]:
        if m["destination"] == "/dev/shm":
            m["options"] = [o for o in m["options"] if not o.startswith("size=")] + ["size=512m"]
    c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/etc/hosts"]
    c["mounts"].append({"destination": "/etc/hosts", "type": "bind", "source": hosts, "options": ["rbind", "ro"]})
    json.dump(c, open(path, "w"), indent=1)


if __name__ == "__main__":
    cmd, rest = sys.argv[1], sys.argv[2:]
    if cmd == "check":
        check(*rest)
    elif cmd == "runtime-config":
        runtime_config(*rest)
    else:
        fail("unknown command " + cmd)
