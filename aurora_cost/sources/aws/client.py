"""The AWS side of a scan: boto3 clients, the calls they made, and errors a user can act on.

boto3 is optional (`pip install 'aurora-cost[aws]'`); it is imported here and only here.
Credentials come from boto3's usual chain (environment, `--profile`, SSO, instance role);
`AWS_ENDPOINT_URL` is honoured by botocore itself, so a local emulator answers instead of AWS.
Throttling is retried by botocore's adaptive mode before it becomes an error.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable
from typing import Any

from aurora_cost.errors import InputError

INSTALL = "pip install 'aurora-cost[aws]'"
MAX_ATTEMPTS = 8  # adaptive retries: throttling backs off and waits for a token first

_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "NotAuthorized",
}
_BAD_CREDENTIALS = {
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "AuthFailure",
}
_THROTTLED = {
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "RequestThrottled",
    "LimitExceededException",
}
# What an endpoint says when it does not implement an action (an emulator, an old partition).
_NOT_IMPLEMENTED = {"InvalidAction", "NotImplemented", "UnknownOperation", "InternalFailure"}


class AwsError(InputError):
    """A call to AWS that failed in a way the user fixes (credentials, permissions, names)."""


class NotAnswered(Exception):
    """An optional read that the endpoint does not implement; the scan goes on without it."""


def boto3_module() -> Any:
    """boto3, or the error that says how to install it."""
    try:
        import boto3
    except ImportError:
        raise AwsError(f"reading AWS needs boto3, which is not installed; run: {INSTALL}") from None
    return boto3


def action_name(service: str, operation: str) -> str:
    """`rds:DescribeDBClusters`: the IAM action of an API operation."""
    return f"{service}:{operation}"


class Aws:
    """The clients of one scan (one region) and a count of the requests each operation sent."""

    def __init__(self, region: str, profile: str | None = None) -> None:
        boto3 = boto3_module()
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ProfileNotFound

        self.region = region
        self.requests: Counter[str] = Counter()
        try:
            session = boto3.Session(profile_name=profile, region_name=region)
        except ProfileNotFound:
            raise AwsError(
                f"--profile {profile}: no such profile in the AWS config or credentials file; "
                "list them with: aws configure list-profiles"
            ) from None
        except BotoCoreError as exc:
            raise AwsError(f"AWS configuration: {exc}") from None
        retries: dict[str, Any] = {"mode": "adaptive"}
        self.attempts = MAX_ATTEMPTS
        own = os.environ.get("AWS_MAX_ATTEMPTS", "").strip()
        if own.isdigit():  # the user's own setting wins
            self.attempts = int(own)
        else:
            retries["max_attempts"] = MAX_ATTEMPTS
        config = Config(
            retries=retries,
            connect_timeout=10,
            read_timeout=60,
            user_agent_extra="aurora-cost-scan",
        )
        self.rds = session.client("rds", config=config)
        self.cloudwatch = session.client("cloudwatch", config=config)
        for name, client in (("rds", self.rds), ("cloudwatch", self.cloudwatch)):
            client.meta.events.register("before-send", functools.partial(self._count, name))

    def _count(self, service: str, **_: Any) -> None:
        # every HTTP request, retries included: what AWS sees (and bills, for CloudWatch)
        self.requests[service] += 1

    def call(
        self,
        client: Any,
        operation: str,
        *,
        subject: str | None = None,
        optional: bool = False,
        **params: Any,
    ) -> dict[str, Any]:
        """One API call, its errors turned into one line naming the action (or the cluster)."""
        service = client.meta.service_model.signing_name or client.meta.service_model.service_name
        method: Callable[..., dict[str, Any]] = getattr(client, _snake(operation))
        try:
            return method(**params)
        except Exception as exc:
            raise self._translate(exc, action_name(service, operation), subject, optional) from None

    def pages(
        self,
        client: Any,
        operation: str,
        key: str,
        *,
        subject: str | None = None,
        optional: bool = False,
        **params: Any,
    ) -> list[dict[str, Any]]:
        """Every item of a paginated describe call (`Marker` pages)."""
        items: list[dict[str, Any]] = []
        marker: str | None = None
        while True:
            more = {"Marker": marker} if marker else {}
            page = self.call(
                client, operation, subject=subject, optional=optional, **params, **more
            )
            items += [i for i in page.get(key) or [] if isinstance(i, dict)]
            marker = page.get("Marker")
            if not marker:
                return items

    def _translate(
        self, exc: Exception, action: str, subject: str | None, optional: bool
    ) -> Exception:
        from botocore.exceptions import (
            ClientError,
            ConnectTimeoutError,
            EndpointConnectionError,
            NoCredentialsError,
            PartialCredentialsError,
            ReadTimeoutError,
        )
        from botocore.parsers import ResponseParserError

        where = f"{action} in {self.region}"
        if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
            return AwsError(
                "no AWS credentials found; set AWS_PROFILE (or pass --profile), run "
                "'aws configure' or 'aws sso login', or set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY"
            )
        if isinstance(exc, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError)):
            return AwsError(
                f"{where}: could not reach the AWS endpoint ({exc}); check the "
                "network, the region and AWS_ENDPOINT_URL"
            )
        if isinstance(exc, ResponseParserError):
            # an emulator's HTML error page for an action it does not implement
            if optional:
                return NotAnswered(f"{action}: the endpoint gave no answer it could parse")
            return AwsError(
                f"{where}: the endpoint's answer could not be read ({_first_line(exc)})"
            )
        if isinstance(exc, ClientError):
            error = exc.response.get("Error", {})
            code, message = str(error.get("Code", "")), str(error.get("Message", ""))
            if code in _DENIED:
                return AwsError(
                    f"access denied to {action} ({message or code}); grant it to the identity "
                    "you scan with (the README lists the read-only policy)"
                )
            if code in _BAD_CREDENTIALS:
                return AwsError(
                    f"{where}: the AWS credentials were refused ({code}: {message}); "
                    "refresh them (aws sso login) or check the profile"
                )
            if code in _THROTTLED:
                return AwsError(
                    f"{where}: AWS kept throttling the request after {self.attempts} attempts; "
                    "try again later, or scan fewer clusters with --cluster"
                )
            if code in ("DBClusterNotFoundFault", "DBClusterNotFound") and subject:
                return AwsError(
                    f"no Aurora cluster '{subject}' in {self.region} "
                    "(aws rds describe-db-clusters lists them)"
                )
            if optional and (
                code in _NOT_IMPLEMENTED
                or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500
            ):
                return NotAnswered(f"{action}: {code or 'error'}: {message}".rstrip(": "))
            return AwsError(f"{where}: {code}: {message}".rstrip(": "))
        if isinstance(exc, InputError):
            return exc
        raise exc


def _snake(operation: str) -> str:
    """DescribeDBClusters -> describe_db_clusters, as boto3 names its methods."""
    from botocore import xform_name

    return str(xform_name(operation))


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
