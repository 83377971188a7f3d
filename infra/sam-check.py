#!/usr/bin/env python3
"""Translate template.yaml with AWS's own SAM translator (aws-sam-translator,
offline) and check what CloudFormation would get:

- every AWS::Scheduler::Schedule has a Name that contains the stack name, is a
  valid schedule name (1-64 of [0-9A-Za-z-_.]), and no two schedules share a
  name, within a stack or across the stacks checked (several stages may live in
  one account and region);
- every Lambda function logs to a log group of the stack that has a retention;
- schedules have a dead-letter queue and a retry policy; stream event sources
  retry a bounded number of times, then send to an on-failure destination;
- every SQS queue (they are dead-letter queues) has an alarm on its depth.

Usage: infra/sam-check.py [template.yaml] [stack-name ...]
Without stack names it checks the stacks of samconfig.toml (beside the
template) and a stack name of the longest length the schedule names allow.
Prints the number of resources of each translation; exits 1 on any finding.
"""

import copy
import json
import logging
import os
import re
import sys
import tomllib

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the translator wants a region; any will do
logging.getLogger("samtranslator").setLevel(logging.ERROR)  # its "unpublished metrics" warnings

try:
    import yaml
    from samtranslator.translator.transform import transform
except ImportError as e:
    sys.exit(f"sam-check: {e}: install AWS's SAM translator, e.g. pip install cfn-lint (which brings aws-sam-translator and PyYAML)")

SCHEDULE_NAME = re.compile(r"^[0-9A-Za-z\-_.]{1,64}$")
MAX_SCHEDULE_NAME = 64


class _Loader(yaml.SafeLoader):
    """YAML loader that reads CloudFormation's short intrinsics (!Ref, !Sub…)."""


def _intrinsic(tag):
    name = tag if tag in ("Ref", "Condition") else "Fn::" + tag

    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if tag == "GetAtt":
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}

    return construct


for _tag in ("Ref", "Sub", "GetAtt", "If", "Equals", "Not", "And", "Or", "Join", "Split",
             "Select", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Condition"):
    _Loader.add_constructor("!" + _tag, _intrinsic(_tag))


def load_template(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


class _NoManagedPolicies:
    """The translator's managed-policy loader without IAM: the template names
    no AWS managed policy, so an empty map is enough (offline)."""

    def load(self):
        return {}


def packaged(template):
    """The template as `sam package` uploads it: local CodeUri paths become
    S3 locations (the translator accepts nothing else)."""
    t = copy.deepcopy(template)
    for lid, r in (t.get("Resources") or {}).items():
        props = r.get("Properties") or {}
        if r.get("Type") == "AWS::Serverless::Function" and not str(props.get("CodeUri", "")).startswith("s3://"):
            props["CodeUri"] = f"s3://sam-artifacts/{lid}.zip"
    return t


def translate(template, stack_name):
    params = {"AWS::StackName": stack_name, "AWS::AccountId": "123456789012"}
    for name, p in (template.get("Parameters") or {}).items():
        if "Default" not in p:
            params[name] = "example"
    return transform(packaged(template), params, _NoManagedPolicies())


def resolve_stack_name(value, stack_name):
    """The value of a Name, given the stack name: a literal, or !Sub over
    ${AWS::StackName} only. None if it can't be known before deploying."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and list(value) == ["Fn::Sub"] and isinstance(value["Fn::Sub"], str):
        s = value["Fn::Sub"].replace("${AWS::StackName}", stack_name)
        return None if "${" in s else s
    return None


def check_schedules(out, stack_name, findings):
    names = {}
    for lid, r in out["Resources"].items():
        if r["Type"] != "AWS::Scheduler::Schedule":
            continue
        raw = r["Properties"].get("Name")
        name = resolve_stack_name(raw, stack_name)
        if raw is None:
            findings.append(f"{stack_name}: schedule {lid} has no Name (SAM names it after its event's logical id unless OmitName)")
            continue
        if name is None:
            findings.append(f"{stack_name}: schedule {lid} Name {json.dumps(raw)} can't be resolved from the stack name alone")
            continue
        if stack_name not in name:
            findings.append(f"{stack_name}: schedule {lid} Name {name!r} does not contain the stack name")
        if not SCHEDULE_NAME.match(name):
            findings.append(f"{stack_name}: schedule {lid} Name {name!r} is not 1-64 of [0-9A-Za-z-_.]")
        if name in names:
            findings.append(f"{stack_name}: schedules {names[name]} and {lid} are both named {name!r}")
        names[name] = lid
        target = r["Properties"].get("Target") or {}
        for prop in ("DeadLetterConfig", "RetryPolicy"):
            if prop not in target:
                findings.append(f"{stack_name}: schedule {lid} has no Target.{prop}")
    return names


def check_stream_mappings(out, stack_name, findings):
    """A stream's failing records are retried a bounded number of times and
    then sent to an on-failure destination, never dropped silently."""
    for lid, r in out["Resources"].items():
        if r["Type"] != "AWS::Lambda::EventSourceMapping":
            continue
        p = r["Properties"]
        if p.get("MaximumRetryAttempts", -1) == -1 and p.get("MaximumRecordAgeInSeconds", -1) == -1:
            findings.append(f"{stack_name}: event source {lid} retries forever")
        if not (p.get("DestinationConfig") or {}).get("OnFailure", {}).get("Destination"):
            findings.append(f"{stack_name}: event source {lid} has no on-failure destination")


def check_queue_alarms(out, stack_name, findings):
    """Every queue of the stack (they are dead-letter queues) has an alarm on
    its depth."""
    watched = set()
    for r in out["Resources"].values():
        if r["Type"] != "AWS::CloudWatch::Alarm" or r["Properties"].get("Namespace") != "AWS/SQS":
            continue
        for d in r["Properties"].get("Dimensions", []):
            v = d.get("Value")
            if d.get("Name") == "QueueName" and isinstance(v, dict) and "Fn::GetAtt" in v:
                watched.add(v["Fn::GetAtt"][0])
    for lid, r in out["Resources"].items():
        if r["Type"] == "AWS::SQS::Queue" and lid not in watched:
            findings.append(f"{stack_name}: queue {lid} has no alarm on its depth")


def _log_group_of(out, fn):
    ref = ((fn["Properties"].get("LoggingConfig") or {}).get("LogGroup")) or {}
    lid = ref.get("Ref") if isinstance(ref, dict) else None
    return lid, out["Resources"].get(lid) if lid else None


def check_log_groups(out, stack_name, findings):
    for lid, r in out["Resources"].items():
        if r["Type"] != "AWS::Lambda::Function":
            continue
        group_id, group = _log_group_of(out, r)
        if group is None or group["Type"] != "AWS::Logs::LogGroup":
            findings.append(f"{stack_name}: function {lid} has no LoggingConfig.LogGroup !Ref to a log group of the stack")
        elif "RetentionInDays" not in group.get("Properties", {}):
            findings.append(f"{stack_name}: log group {group_id} of {lid} has no RetentionInDays")


def longest_stack_name(template):
    """The longest stack name every schedule name allows (CloudFormation's own
    limit is 128)."""
    worst = 128
    for fn in (template.get("Resources") or {}).values():
        for ev in ((fn.get("Properties") or {}).get("Events") or {}).values():
            if ev.get("Type") != "ScheduleV2":
                continue
            raw = (ev.get("Properties") or {}).get("Name")
            name = resolve_stack_name(raw, "")
            if name is not None and "${AWS::StackName}" in json.dumps(raw):
                worst = min(worst, MAX_SCHEDULE_NAME - len(name))
    return worst


def samconfig_stacks(template_path):
    path = os.path.join(os.path.dirname(os.path.abspath(template_path)), "samconfig.toml")
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        cfg = tomllib.load(f)
    stacks = []
    for env in cfg.values():
        if not isinstance(env, dict):
            continue
        for cmd in env.values():
            name = isinstance(cmd, dict) and cmd.get("parameters", {}).get("stack_name")
            if name and name not in stacks:
                stacks.append(name)
    return stacks


def main(argv):
    path = argv[1] if len(argv) > 1 else "template.yaml"
    template = load_template(path)
    stacks = argv[2:]
    if not stacks:
        stacks = samconfig_stacks(path) or ["selfserve"]
        n = longest_stack_name(template)
        stacks.append(("s" * n) if n > 0 else "s")
    findings = []
    seen = {}
    for stack in stacks:
        out = translate(template, stack)
        counts = {}
        for r in out["Resources"].values():
            counts[r["Type"]] = counts.get(r["Type"], 0) + 1
        detail = ", ".join(f"{t} {n}" for t, n in sorted(counts.items()) if t in (
            "AWS::Lambda::Function", "AWS::Scheduler::Schedule", "AWS::Logs::LogGroup",
            "AWS::CloudWatch::Alarm", "AWS::SQS::Queue"))
        print(f"{stack} ({len(stack)} chars): {len(out['Resources'])} resources ({detail})")
        names = check_schedules(out, stack, findings)
        for name, lid in names.items():
            if name in seen and seen[name][0] != stack:
                findings.append(f"schedule name {name!r} is used by stack {seen[name][0]} ({seen[name][1]}) and {stack} ({lid})")
            seen[name] = (stack, lid)
        check_log_groups(out, stack, findings)
        check_stream_mappings(out, stack, findings)
        check_queue_alarms(out, stack, findings)
    print(f"schedule names leave room for stack names of up to {longest_stack_name(template)} characters")
    for f in findings:
        print("FAIL", f)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
