"""A real S3-compatible server for tests: moto's standalone server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import socket

import boto3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def s3_server(bucket: str = "renaksi-test"):
    """Start moto's S3 server on a free port with one bucket; yield its settings."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",  # noqa: S106 (moto accepts any key)
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=bucket)
        yield {
            "endpoint": endpoint,
            "bucket": bucket,
            "client": client,
            "env": {
                "S3_BUCKET": bucket,
                "S3_ENDPOINT_URL": endpoint,
                "S3_ACCESS_KEY": "test",
                "S3_SECRET_KEY": "test",
                "S3_REGION": "us-east-1",
            },
        }
    finally:
        server.stop()


def s3_storages(settings_storages: dict, server: dict) -> dict:
    """``STORAGES`` pointing the default storage at the test server."""
    return {
        **settings_storages,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": server["bucket"],
                "endpoint_url": server["endpoint"],
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
