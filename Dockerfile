# syntax=docker/dockerfile:1

# ospo-gate's image: the GitHub Action (action.yml runs it with the argument "action") and the CLI.
#
# Base images are pinned by digest; the tag beside each digest is for people, and Dependabot (docker) proposes
# new digests. The binary is a static, trimmed Go build; the final image adds only git, which the diff gate
# runs to read the base commit of a pull request. There is no USER: GitHub runs Docker actions as root so that
# they can read and write the mounted workspace.

FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm@sha256:a688600ca24f8a4d3ca77f95b0dd40704a9fc787c826660eb7ba0b641b8b175d AS build
ARG TARGETOS
ARG TARGETARCH
ARG VERSION=devel
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOTOOLCHAIN=local
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download && go mod verify
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    GOOS="$TARGETOS" GOARCH="$TARGETARCH" CGO_ENABLED=0 \
    go build -trimpath \
      -ldflags "-s -w -X github.com/ospo-gate/ospo-gate/internal/cli.Version=${VERSION}" \
      -o /out/ospo-gate .

FROM alpine:3.23.3@sha256:25109184c71bdad752c8312a8623239686a9a2071e8825f20acb8f2198c3f659
LABEL org.opencontainers.image.title="ospo-gate" \
      org.opencontainers.image.description="License-compliance and dependency-health gate for pull requests" \
      org.opencontainers.image.source="https://github.com/ospo-gate/ospo-gate"
RUN apk add --no-cache git
COPY --from=build /out/ospo-gate /usr/local/bin/ospo-gate
ENTRYPOINT ["/usr/local/bin/ospo-gate"]
