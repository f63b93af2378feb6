"""Drives the emulator with Alibaba Cloud's official PAI-DSW Python SDK
(`alibabacloud_pai_dsw20220101` on PyPI): what no one here wrote decides
whether the emulator answers as the service does.

Usage: pai_dsw_official_sdk.py EMULATOR_BINARY

Starts the emulator with `--pai-dsw-at-root` on a free loopback port (the SDK
addresses `/api/v2/...` at the host's root), then lists, reads, updates, stops,
starts and deletes through the SDK's client and models, and checks what the SDK
parsed. Prints `N passed, M failed` and exits non-zero on any failure.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.request

from alibabacloud_pai_dsw20220101 import models
from alibabacloud_pai_dsw20220101.client import Client
from alibabacloud_tea_openapi import models as open_api_models
from Tea.exceptions import TeaException

SEED_ID = "dsw-730xxxxxxxxxx"
checks = []


def check(name, condition, detail=""):
    checks.append((name, bool(condition), detail))
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if detail and not condition else ""))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base):
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/__emulator/requests", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the emulator did not start")


def advance(base, ms):
    req = urllib.request.Request(
        base + "/__emulator/clock",
        data=json.dumps({"advance_ms": ms}).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(req, timeout=5).read()


def log(base):
    return json.loads(urllib.request.urlopen(base + "/__emulator/requests", timeout=5).read())


def main():
    binary = sys.argv[1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    emulator = subprocess.Popen(
        [binary, "--port", str(port), "--pai-dsw-at-root", "--instances", "12", "--transition-ms", "1000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base)
        config = open_api_models.Config(
            access_key_id="emulator-ignores-it",
            access_key_secret="emulator-ignores-it",
            endpoint=f"127.0.0.1:{port}",
            protocol="http",
            region_id="cn-shanghai",
        )
        client = Client(config)

        # ListInstances, as the console asks it: every workspace, every
        # resource group, newest first.
        listed = client.list_instances(
            models.ListInstancesRequest(
                workspace_id="ALL", resource_id="ALL", page_number=1, page_size=100,
                sort_by="GmtCreateTime", order="DESC",
            )
        )
        body = listed.body
        check("ListInstances answers 200", listed.status_code == 200, listed.status_code)
        check("the SDK reads TotalCount", body.total_count == 5, body.total_count)
        check("the SDK reads every instance", len(body.instances) == body.total_count)
        seed = next(i for i in body.instances if i.instance_id == SEED_ID)
        check("the seed's name", seed.instance_name == "training_data", seed.instance_name)
        check("the seed's requested resource", seed.requested_resource.gpu == "4", seed.requested_resource.gpu)
        check("the seed's datasets", seed.datasets[0].mount_path == "/mnt/data")
        check("the seed's labels", seed.labels[0].key == "stsTokenOwner")
        sent = [r for r in log(base) if r["method"] == "GET"][-1]
        check("the SDK's query reached the emulator", sent["query"].get("ResourceId") == "ALL", sent["query"])

        # The documented defaults: blank WorkspaceId and ResourceId hide the
        # other workspace and the subscription instances.
        default = client.list_instances(models.ListInstancesRequest(page_size=100)).body
        check(
            "blank WorkspaceId and ResourceId list fewer",
            default.total_count < body.total_count,
            (default.total_count, body.total_count),
        )
        check(
            "only pay-as-you-go in the default workspace",
            all(i.payment_type == "PayAsYouGo" and i.workspace_id == "40823" for i in default.instances),
        )
        # Labels as one JSON-encoded query value.
        by_label = client.list_instances(
            models.ListInstancesRequest(workspace_id="ALL", resource_id="ALL", labels={"stsTokenOwner": "123xxxxxxxx"})
        ).body
        check("Labels filter as JSON", [i.instance_id for i in by_label.instances] == [SEED_ID])

        # GetInstance: the instance at the top level of the answer.
        got = client.get_instance(SEED_ID, models.GetInstanceRequest()).body
        check("GetInstance reads the instance", got.instance_name == "training_data" and got.success)

        # UpdateInstance: name and machine type.
        updated = client.update_instance(
            SEED_ID, models.UpdateInstanceRequest(instance_name="renamed_by_sdk", ecs_spec="ecs.g6.xlarge")
        ).body
        check("UpdateInstance answers the id", updated.instance_id == SEED_ID and updated.success)
        again = client.get_instance(SEED_ID, models.GetInstanceRequest()).body
        check("the update shows", again.instance_name == "renamed_by_sdk" and again.ecs_spec == "ecs.g6.xlarge")
        try:
            client.update_instance(SEED_ID, models.UpdateInstanceRequest(instance_name="has-a-dash"))
            check("a bad name is refused", False, "accepted")
        except TeaException as e:
            check("a bad name is refused with 400", e.statusCode == 400 and e.code, (e.statusCode, e.code))

        # StopInstance with SaveImage (a query parameter), then StartInstance.
        stopped = client.stop_instance(SEED_ID, models.StopInstanceRequest(save_image=False)).body
        check("StopInstance answers the id", stopped.instance_id == SEED_ID)
        sent = [r for r in log(base) if r["method"] == "PUT" and r["path"].endswith("/stop")][-1]
        # Python's SDK writes the boolean as `False`; the service takes it.
        check("SaveImage went in the query", sent["query"].get("SaveImage", "").lower() == "false", sent["query"])
        check("stopping", client.get_instance(SEED_ID, models.GetInstanceRequest()).body.status == "Stopping")
        advance(base, 1000)
        check("stopped", client.get_instance(SEED_ID, models.GetInstanceRequest()).body.status == "Stopped")
        client.start_instance(SEED_ID)
        advance(base, 1000)
        check("running again", client.get_instance(SEED_ID, models.GetInstanceRequest()).body.status == "Running")

        # DeleteInstance, then the instance is gone (404 as documented).
        client.stop_instance(SEED_ID, models.StopInstanceRequest())
        advance(base, 1000)
        deleted = client.delete_instance(SEED_ID).body
        check("DeleteInstance answers the id", deleted.instance_id == SEED_ID)
        advance(base, 1000)
        try:
            client.get_instance(SEED_ID, models.GetInstanceRequest())
            check("a deleted instance is not found", False, "found")
        except TeaException as e:
            check("a deleted instance is not found (404)", e.statusCode == 404, e.statusCode)

        # ListEcsSpecs.
        specs = client.list_ecs_specs(models.ListEcsSpecsRequest(accelerator_type="GPU")).body
        check("ListEcsSpecs", specs.total_count == len(specs.ecs_specs) > 0 and all(s.accelerator_type == "GPU" for s in specs.ecs_specs))
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
    failed = sum(1 for _, ok, _ in checks if not ok)
    print(f"{len(checks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
