"""Drives the emulator with Alibaba Cloud's official PAI-DSW Python SDK
(`alibabacloud_pai_dsw20220101` on PyPI): what no one here wrote decides
whether the emulator answers as the service does.

Usage: pai_dsw_official_sdk.py EMULATOR_BINARY

Starts the emulator with `--pai-dsw-at-root` on a free loopback port (the SDK
addresses `/api/v2/...` at the host's root), then lists, reads, updates, stops,
starts and deletes through the SDK's client and models, reads events, the
lifecycle and metrics, sets and deletes a shutdown timer and an idle culler,
stops with SaveImage, stops and deletes in a batch, and checks what the SDK
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


def status_of(client, instance_id):
    return client.get_instance(instance_id, models.GetInstanceRequest()).body.status


def not_found(call):
    try:
        call()
        return None
    except TeaException as e:
        return e.statusCode


def operators_view(base, client):
    """Events, lifecycle, metrics, shutdown timer, idle culler, SaveImage and
    the batch operations, through the SDK's client and models."""
    created = client.create_instance(
        models.CreateInstanceRequest(
            instance_name="ops_by_sdk", ecs_spec="ecs.gn7i-c8g1.2xlarge", image_url="registry.example/pai/image:1"
        )
    ).body
    iid = created.instance_id
    advance(base, 1000)
    check("a created GPU instance runs", status_of(client, iid) == "Running")

    # GetInstanceEvents: Events is a list of strings.
    events = client.get_instance_events(iid, models.GetInstanceEventsRequest(max_events_num=10)).body
    check("GetInstanceEvents", events.success and events.instance_id == iid, events.to_map())
    check(
        "the SDK reads the events as strings",
        len(events.events) == 3 and all(isinstance(e, str) and e[:4].isdigit() for e in events.events),
        events.events,
    )
    newest = client.get_instance_events(iid, models.GetInstanceEventsRequest(max_events_num=1)).body
    check("MaxEventsNum", len(newest.events) == 1, newest.events)

    # GetLifecycle: a list of sessions, each a list of status entries.
    life = client.get_lifecycle(iid, models.GetLifecycleRequest(order="DESC", limit=5)).body
    first = life.lifecycle[0][0] if life.lifecycle and life.lifecycle[0] else None
    check("GetLifecycle", life.total_count == 1 and first is not None and first.status == "Creating", life.to_map())
    check(
        "the SDK reads a lifecycle entry",
        first is not None and first.gmt_create_time.endswith("Z") and first.lifecycle_id,
        first.to_map() if first else None,
    )

    # GetInstanceMetrics (path /api/v2/instance/{id}/metrics): Time and Value as strings.
    advance(base, 10 * 60_000)
    now = json.loads(urllib.request.urlopen(base + "/__emulator/clock", timeout=5).read())["now_ms"]
    iso = lambda ms: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))
    metrics = client.get_instance_metrics(
        iid,
        models.GetInstanceMetricsRequest(
            metric_type="GpuCoreUsage", start_time=iso(now - 5 * 60_000), end_time=iso(now), time_step="1m"
        ),
    ).body
    points = metrics.pod_metrics[0].metrics if metrics.pod_metrics else []
    check("GetInstanceMetrics", metrics.success and metrics.instance_id == iid and metrics.pod_metrics[0].pod_id)
    check(
        "the SDK reads metric points as strings",
        len(points) >= 4 and all(p.time.isdigit() and float(p.value) > 0 for p in points),
        [p.to_map() for p in points],
    )
    sent = [r for r in log(base) if r["path"].endswith("/metrics")][-1]
    check("the metrics went to the singular path", sent["path"].endswith(f"/api/v2/instance/{iid}/metrics"), sent["path"])
    check("the metrics action is logged", sent["action"] == "GetInstanceMetrics", sent)
    try:
        client.get_instance_metrics(iid, models.GetInstanceMetricsRequest(metric_type="Temperature"))
        check("an unknown MetricType is refused", False, "accepted")
    except TeaException as e:
        check("an unknown MetricType is refused (ValidationError)", e.statusCode == 400 and e.code == "ValidationError", (e.statusCode, e.code))

    # Shutdown timer: create, get, delete.
    timer = client.create_instance_shutdown_timer(
        iid, models.CreateInstanceShutdownTimerRequest(remaining_time_in_ms=3_600_000)
    ).body
    check("CreateInstanceShutdownTimer", timer.success and timer.instance_id == iid, timer.to_map())
    got = client.get_instance_shutdown_timer(iid).body
    check(
        "GetInstanceShutdownTimer",
        got.instance_id == iid and 0 < got.remaining_time_in_ms <= 3_600_000 and got.due_time.endswith("Z"),
        got.to_map(),
    )
    shown = client.get_instance(iid, models.GetInstanceRequest()).body
    check("the instance carries its timer", shown.instance_shutdown_timer.due_time == got.due_time)
    deleted = client.delete_instance_shutdown_timer(iid).body
    check("DeleteInstanceShutdownTimer", deleted.success and deleted.instance_id == iid)
    check("no timer after the delete (404)", not_found(lambda: client.get_instance_shutdown_timer(iid)) == 404)

    # Idle culler: create, get; thresholds of 100 % find anything idle, so
    # a minute of idleness stops the instance.
    culler = client.create_idle_instance_culler(
        iid,
        models.CreateIdleInstanceCullerRequest(
            cpu_percent_threshold=100, gpu_percent_threshold=100, max_idle_time_in_minutes=1
        ),
    ).body
    check("CreateIdleInstanceCuller", culler.success and culler.instance_id == iid, culler.to_map())
    try:
        client.create_idle_instance_culler(
            iid, models.CreateIdleInstanceCullerRequest(cpu_percent_threshold=50, max_idle_time_in_minutes=5)
        )
        check("a second culler is refused", False, "accepted")
    except TeaException as e:
        check("a second culler is refused (400)", e.statusCode == 400, e.statusCode)
    policy = client.get_idle_instance_culler(iid).body
    check(
        "GetIdleInstanceCuller",
        policy.cpu_percent_threshold == 100 and policy.gpu_percent_threshold == 100
        and policy.max_idle_time_in_minutes == 1 and policy.idle_time_in_minutes == 0,
        policy.to_map(),
    )
    advance(base, 30_000)
    check("idle for less than a minute: running", status_of(client, iid) == "Running")
    advance(base, 31_000)
    culled = client.get_instance(iid, models.GetInstanceRequest()).body
    check(
        "the idle culler stops the instance",
        culled.status in ("Stopping", "Stopped") and culled.reason_code == "IdleInstanceCuller",
        (culled.status, culled.reason_code),
    )
    advance(base, 1000)
    check("stopped by the culler", status_of(client, iid) == "Stopped")
    removed = client.delete_idle_instance_culler(iid).body
    check("DeleteIdleInstanceCuller", removed.success and removed.instance_id == iid)
    check("no culler after the delete (404)", not_found(lambda: client.get_idle_instance_culler(iid)) == 404)

    # StopInstance with SaveImage=true: Saving, then Stopped with the image saved.
    client.start_instance(iid)
    advance(base, 1000)
    client.stop_instance(iid, models.StopInstanceRequest(save_image=True))
    check("SaveImage saves first", status_of(client, iid) == "Saving")
    advance(base, 1500)
    saved = client.get_instance(iid, models.GetInstanceRequest()).body
    check(
        "stopped with the image saved",
        saved.status == "Stopped" and saved.latest_snapshot.status == "Saved" and saved.latest_snapshot.image_url,
        (saved.status, saved.latest_snapshot.to_map() if saved.latest_snapshot else None),
    )

    # StopInstances and DeleteInstances.
    client.start_instance(iid)
    advance(base, 1000)
    stopped = client.stop_instances(models.StopInstancesRequest(instance_ids=[iid, "dsw-none"])).body
    check("StopInstances answers the ids it stopped", stopped.success and stopped.instance_ids == [iid], stopped.to_map())
    advance(base, 1000)
    check("stopped in the batch", status_of(client, iid) == "Stopped")
    gone = client.delete_instances(models.DeleteInstancesRequest(instance_ids=[iid])).body
    check("DeleteInstances answers the ids", gone.success and gone.instance_ids == [iid], gone.to_map())
    advance(base, 1000)
    check("deleted in the batch (404)", not_found(lambda: status_of(client, iid)) == 404)


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

        operators_view(base, client)
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
    failed = sum(1 for _, ok, _ in checks if not ok)
    print(f"{len(checks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
