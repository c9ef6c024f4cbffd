using Hoist.Checks;

namespace Hoist.Tests.Checks;

/// <summary>Hoist's own rules: each fires on the mistake and stays quiet on the usual correct forms.</summary>
public sealed class HoistRulesTests
{
    [Theory]
    [InlineData("FROM node\n", "1 HoistUnpinnedBaseImage")]
    [InlineData("FROM node:latest\n", "1 HoistUnpinnedBaseImage")]
    [InlineData("FROM ghcr.io/org/app\n", "1 HoistUnpinnedBaseImage")]
    [InlineData("FROM alpine:3.20\nCOPY --from=nginx /etc/nginx /x\n", "2 HoistUnpinnedBaseImage")]
    [InlineData("ARG TAG=latest\nFROM node:$TAG\n", "2 HoistUnpinnedBaseImage")]
    public void An_unpinned_base_image_is_reported(string dockerfile, string expected)
    {
        Assert.Equal([expected], CheckHarness.Hoist(dockerfile));
    }

    [Theory]
    [InlineData("FROM node:20-alpine\n")]
    [InlineData("FROM node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n")]
    [InlineData("FROM scratch\n")]
    [InlineData("FROM alpine:3.20 AS base\nFROM base\n")]
    public void A_pinned_base_stage_or_scratch_is_not(string dockerfile)
    {
        Assert.Empty(CheckHarness.Hoist(dockerfile));
    }

    [Fact]
    public void Only_the_stages_the_target_needs_count_for_pinning()
    {
        Assert.Empty(CheckHarness.Hoist("FROM alpine:latest AS unused\nRUN true\nFROM alpine:3.20\n"));
        Assert.Equal(["1 HoistUnpinnedBaseImage"], CheckHarness.Hoist("FROM alpine:latest AS unused\nRUN true\nFROM alpine:3.20\n", new CheckOptions { Target = "unused" }));
    }

    [Fact]
    public void A_name_a_build_context_gives_is_no_image_to_pin()
    {
        var contexts = new CheckOptions { NamedContexts = new HashSet<string> { "src", "base" } };

        Assert.Empty(CheckHarness.Hoist("FROM base\nCOPY --from=src / /src/\n", contexts));
        Assert.Equal(["2 HoistUnpinnedBaseImage"], CheckHarness.Hoist("FROM base\nCOPY --from=other / /src/\n", contexts));
    }

    [Theory]
    [InlineData("FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM golang:1.22\nCOPY --from=build /app /app\n", "3 HoistToolchainFinalStage")]
    [InlineData("FROM maven:3.9 AS build\nRUN mvn package\nFROM eclipse-temurin:21\nCOPY --from=build /t.jar /\n", "3 HoistToolchainFinalStage")]
    [InlineData("FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nRUN dotnet publish -o /out\nFROM build AS final\n", "3 HoistToolchainFinalStage")]
    public void A_final_stage_on_a_toolchain_image_is_reported(string dockerfile, string expected)
    {
        Assert.Equal([expected], CheckHarness.Hoist(dockerfile));
    }

    [Theory]
    [InlineData("FROM golang:1.22 AS build\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n")]
    [InlineData("FROM maven:3.9 AS build\nFROM eclipse-temurin:21-jre\nCOPY --from=build /t.jar /\n")]
    [InlineData("FROM golang:1.22\nRUN go build\n")]
    [InlineData("FROM alpine:3.20 AS runtime\nFROM golang:1.22 AS dev\n")]
    [InlineData("FROM golang:1.22 AS build\nFROM build AS dev-envs\nRUN apt-get install -y git\n")]
    public void A_runtime_final_stage_a_single_stage_or_a_non_default_target_is_not(string dockerfile)
    {
        var options = dockerfile.Contains("AS dev", StringComparison.Ordinal) ? new CheckOptions { Target = "runtime" } : null;
        Assert.DoesNotContain(CheckHarness.Hoist(dockerfile, options), f => f.EndsWith("HoistToolchainFinalStage", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_tools_installed_in_the_final_stage_are_reported_with_their_names()
    {
        const string dockerfile = "FROM golang:1.22 AS build\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make curl libssl-dev\n";
        Assert.Equal(["3 HoistBuildToolsInFinalStage"], CheckHarness.Hoist(dockerfile));
        Assert.Contains("(gcc, make, libssl-dev)", CheckHarness.Message(dockerfile, "HoistBuildToolsInFinalStage"));
    }

    [Theory]
    [InlineData("FROM golang:1.22 AS build\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates curl tzdata\n")]
    [InlineData("FROM golang:1.22 AS build\nFROM alpine:3.20\nRUN apk add --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps\n")]
    [InlineData("FROM alpine:3.20 AS build\nRUN apk add gcc\nFROM alpine:3.20\n")]
    public void Runtime_packages_removed_build_deps_and_build_stage_installs_are_not(string dockerfile)
    {
        Assert.DoesNotContain(CheckHarness.Hoist(dockerfile), f => f.EndsWith("HoistBuildToolsInFinalStage", StringComparison.Ordinal));
    }

    [Fact]
    public void Copying_the_whole_context_again_into_the_final_stage_is_reported()
    {
        const string dockerfile = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\nCOPY . /srv\n";
        Assert.Equal(["7 HoistWholeContextInFinalStage"], CheckHarness.Hoist(dockerfile));
    }

    [Fact]
    public void Copying_the_context_into_a_final_stage_that_takes_only_dependencies_is_not()
    {
        const string dockerfile = "FROM node:20 AS deps\nCOPY package*.json ./\nRUN npm ci --omit=dev\nFROM node:20-slim\nCOPY --from=deps /node_modules /app/node_modules\nCOPY . /app\n";
        Assert.Empty(CheckHarness.Hoist(dockerfile));
    }

    [Theory]
    [InlineData("FROM node:20 AS deps\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /app/node_modules /app/node_modules\n", "4 HoistDevDependenciesInFinalStage")]
    [InlineData("FROM node:20 AS build\nRUN npm run build\nFROM node:20-slim\nRUN npm install\n", "4 HoistDevDependenciesInFinalStage")]
    [InlineData("FROM composer:2 AS vendor\nRUN composer install\nFROM php:8.3-fpm\nCOPY --from=vendor /app/vendor /app/vendor\n", "4 HoistDevDependenciesInFinalStage")]
    public void Dependencies_with_development_packages_in_the_final_stage_are_reported(string dockerfile, string expected)
    {
        Assert.Equal([expected], CheckHarness.Hoist(dockerfile));
    }

    [Theory]
    [InlineData("FROM node:20 AS deps\nRUN npm ci --omit=dev\nFROM node:20-slim\nCOPY --from=deps /app/node_modules /app/node_modules\n")]
    [InlineData("FROM node:20 AS deps\nRUN npm ci && npm run build && npm prune --production\nFROM node:20-slim\nCOPY --from=deps /app/node_modules /app/node_modules\n")]
    [InlineData("FROM node:20 AS deps\nENV NODE_ENV=production\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /app/node_modules /app/node_modules\n")]
    [InlineData("FROM node:20 AS build\nFROM node:20-slim\nRUN npm install -g pm2\n")]
    [InlineData("FROM node:20 AS build\nFROM node:20-slim\nRUN yarn install --production --frozen-lockfile\n")]
    public void Production_installs_prunes_and_global_tools_are_not(string dockerfile)
    {
        Assert.Empty(CheckHarness.Hoist(dockerfile));
    }

    [Fact]
    public void A_from_that_is_a_typo_of_a_stage_is_reported_with_the_stage()
    {
        const string dockerfile = "FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=buidl /app /app\n";
        Assert.Equal(["4 HoistUnknownFromStage"], CheckHarness.Hoist(dockerfile));
        Assert.Equal("--from=buidl names no stage; it would be pulled as the image buidl:latest (did you mean build?)",
            CheckHarness.Message(dockerfile, "HoistUnknownFromStage"));
        Assert.Equal(["4 HoistUnknownFromStage"], CheckHarness.Hoist("FROM golang:1.22 AS build\nFROM alpine:3.20\nRUN true\nRUN --mount=from=biuld,target=/b true\n"));
    }

    [Theory]
    [InlineData("FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=buidl:1 /app /app\n")]
    [InlineData("FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=docker.io/buidl /app /app\n")]
    [InlineData("FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx /x\n")]
    [InlineData("FROM golang:1.22 AS go\nFROM alpine:3.20\nCOPY --from=js /x /x\n")]
    [InlineData("FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=BUILD /app /app\n")]
    public void An_image_shaped_reference_a_distant_name_or_a_stage_in_other_case_is_not_a_typo(string dockerfile)
    {
        Assert.DoesNotContain(CheckHarness.Hoist(dockerfile), f => f.EndsWith("HoistUnknownFromStage", StringComparison.Ordinal));
    }

    [Fact]
    public void A_copy_from_the_context_of_a_file_an_earlier_stage_makes_suggests_copy_from()
    {
        const string dockerfile = "FROM node:20 AS build\nWORKDIR /src\nRUN npm run build\nFROM nginx:1.27\nCOPY dist /usr/share/nginx/html\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n";
        var options = new CheckOptions { ContextHasPath = path => path == "nginx.conf" };
        Assert.Equal(["5 HoistCopyFromContextNotStage"], CheckHarness.Hoist(dockerfile, options));
        Assert.Contains("(did you mean COPY --from=build?)", CheckHarness.Message(dockerfile, "HoistCopyFromContextNotStage", options));
        Assert.Empty(CheckHarness.Hoist(dockerfile, new CheckOptions { ContextHasPath = _ => true }));
        Assert.Empty(CheckHarness.Hoist(dockerfile));
    }

    [Fact]
    public void A_missing_context_file_no_stage_makes_is_left_to_the_build()
    {
        const string dockerfile = "FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY config.yaml /etc/app/\n";
        Assert.Empty(CheckHarness.Hoist(dockerfile, new CheckOptions { ContextHasPath = _ => false }));
    }

    [Fact]
    public void Every_Hoist_finding_carries_a_fix()
    {
        const string dockerfile = "FROM golang:1.22 AS build\nFROM golang\nRUN apt-get install -y gcc\nCOPY --from=buidl /a /a\n";
        var findings = CheckHarness.Report(dockerfile).Findings.Where(f => f.Rule.Origin == CheckOrigin.Hoist).ToList();
        Assert.Equal(4, findings.Select(f => f.Rule).Distinct().Count());
        Assert.All(findings, f => Assert.False(string.IsNullOrEmpty(f.Fix)));
    }
}
