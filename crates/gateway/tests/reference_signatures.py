#!/usr/bin/env python3
"""Independent reference implementation of the three signing schemes the
gateway uses, for known-answer tests. Standard library only.

Reads a JSON list of cases on stdin and prints a JSON list of results (one
object per case) on stdout. Each case names its scheme:

- "sdk-hmac-sha256" (Huawei ModelArts AK/SK): returns authorization,
  canonical_request, string_to_sign.
- "acs3-hmac-sha256" (Alibaba Cloud V3): returns authorization and the
  x-acs-* headers.
- "scnet-token": returns the signed text and signature.
"""

import hashlib
import hmac
import json
import sys
from urllib.parse import quote, unquote


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_hex(key: str, message: str) -> str:
    return hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def encode(text: str) -> str:
    # RFC 3986: only letters, digits and "-._~" stay as they are.
    return quote(text, safe="~")


def encoded_path(raw_path: str) -> str:
    return "/".join(encode(unquote(segment)) for segment in raw_path.split("/"))


def canonical_query(pairs) -> str:
    encoded = sorted((encode(key), encode(value)) for key, value in pairs)
    return "&".join("%s=%s" % (key, value) for key, value in encoded)


def canonical_headers(headers: dict):
    lowered = {name.lower(): value.strip() for name, value in headers.items()}
    names = sorted(lowered)
    block = "".join("%s:%s\n" % (name, lowered[name]) for name in names)
    return block, ";".join(names)


def sdk_hmac_sha256(case: dict) -> dict:
    uri = encoded_path(case["path"])
    if not uri.endswith("/"):
        uri += "/"
    headers = dict(case.get("headers", {}))
    headers["host"] = case["host"]
    headers["x-sdk-date"] = case["date"]
    header_block, signed = canonical_headers(headers)
    body = case.get("body", "").encode("utf-8")
    canonical = "\n".join(
        [case["method"].upper(), uri, canonical_query(case.get("query", [])), header_block, signed, sha256_hex(body)]
    )
    to_sign = "SDK-HMAC-SHA256\n%s\n%s" % (case["date"], sha256_hex(canonical.encode("utf-8")))
    signature = hmac_hex(case["secret_key"], to_sign)
    return {
        "canonical_request": canonical,
        "string_to_sign": to_sign,
        "authorization": "SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s"
        % (case["access_key"], signed, signature),
    }


def acs3_hmac_sha256(case: dict) -> dict:
    body = case.get("body", "").encode("utf-8")
    acs_headers = {
        "x-acs-action": case["action"],
        "x-acs-version": case["version"],
        "x-acs-date": case["date"],
        "x-acs-signature-nonce": case["nonce"],
        "x-acs-content-sha256": sha256_hex(body),
    }
    if case.get("security_token"):
        acs_headers["x-acs-security-token"] = case["security_token"]
    headers = dict(acs_headers)
    headers["host"] = case["host"]
    if case.get("content_type"):
        headers["content-type"] = case["content_type"]
    header_block, signed = canonical_headers(headers)
    canonical = "\n".join(
        [
            case["method"].upper(),
            encoded_path(case["path"]) or "/",
            canonical_query(case.get("query", [])),
            header_block,
            signed,
            sha256_hex(body),
        ]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + sha256_hex(canonical.encode("utf-8"))
    signature = hmac_hex(case["access_key_secret"], to_sign)
    result = dict(acs_headers)
    result["authorization"] = "ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s" % (
        case["access_key_id"],
        signed,
        signature,
    )
    return result


def scnet_token(case: dict) -> dict:
    text = json.dumps(
        {"user": case["user"], "accessKey": case["access_key"], "timestamp": case["timestamp"]},
        separators=(",", ":"),
        sort_keys=True,
    )
    return {"string_to_sign": text, "signature": hmac_hex(case["secret_key"], text)}


SCHEMES = {
    "sdk-hmac-sha256": sdk_hmac_sha256,
    "acs3-hmac-sha256": acs3_hmac_sha256,
    "scnet-token": scnet_token,
}


def main() -> None:
    cases = json.load(sys.stdin)
    json.dump([SCHEMES[case["scheme"]](case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
