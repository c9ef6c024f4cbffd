using System.Text;

namespace Hoist.Benchmarks;

/// <summary>A synthetic but realistic Dockerfile of a given number of lines: many stages, every common instruction,
/// continuations, heredocs, build args, COPY --from between stages.</summary>
public static class LargeDockerfile
{
    public static string Generate(int lines)
    {
        var sb = new StringBuilder();
        var count = 0;
        void Line(string text)
        {
            sb.Append(text).Append('\n');
            count++;
        }

        Line("# syntax=docker/dockerfile:1");
        Line("ARG BASE=debian:bookworm");
        Line("ARG VERSION=1.0");
        var stage = 0;
        while (count < lines - 12)
        {
            Line(stage == 0 ? $"FROM ${{BASE}} AS stage{stage}" : $"FROM stage{stage - 1} AS stage{stage}");
            Line("ARG VERSION");
            Line($"ENV APP_HOME=/opt/app{stage} PATH=/opt/app{stage}/bin:$PATH");
            Line("WORKDIR $APP_HOME");
            Line($"LABEL org.opencontainers.image.version=\"$VERSION\" stage=\"{stage}\"");
            Line("COPY --chown=1000:1000 --chmod=0644 src/ ./src/");
            Line("RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\");
            Line("    apt-get update && \\");
            Line("    # a comment inside a continuation");
            Line("    apt-get install -y --no-install-recommends build-essential curl");
            Line("RUN <<EOF");
            Line("set -e");
            Line($"echo building stage {stage}");
            Line("EOF");
            if (stage > 0) Line($"COPY --from=stage{stage - 1} /opt/app{stage - 1}/bin/ /usr/local/bin/");
            Line("EXPOSE 8080/tcp");
            Line("HEALTHCHECK --interval=30s --timeout=3s CMD [\"/bin/true\"]");
            Line("USER 1000:1000");
            Line("CMD [\"/usr/local/bin/app\", \"--serve\"]");
            stage++;
        }
        Line("FROM scratch AS final");
        Line($"COPY --from=stage{stage - 1} /opt/app{stage - 1}/bin/app /app");
        Line("ENTRYPOINT [\"/app\"]");
        return sb.ToString();
    }
}
