using System.Diagnostics;
using System.Text;

namespace Hoist.Tests.Dockerfile;

/// <summary>
/// Seeded generator of random and mutated Dockerfiles, and a harness that feeds them to any pipeline
/// (<see cref="Action{T}"/> of the text) and fails on anything but a <see cref="HoistException"/> or on a hang.
/// The pipeline is a parameter so the same inputs can drive parser, instruction reader and planner together.
/// </summary>
internal static class DockerfileFuzzer
{
    private static readonly string[] Corpus =
    [
        "FROM alpine:3.20 AS build\nRUN apk add --no-cache gcc musl-dev\nCOPY . /src\nWORKDIR /src\nRUN gcc -static -o /hello hello.c\n\nFROM scratch\nCOPY --from=build /hello /hello\nENTRYPOINT [\"/hello\"]\n",
        "# syntax=docker/dockerfile:1\n# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir c:\\ `\n  && echo done\nCMD [\"cmd\"]\n",
        "ARG BASE=debian:12\nFROM ${BASE}\nENV A=1 B=\"two words\" \\\n    C=3\nLABEL org.opencontainers.image.title=\"x\" version=1.0\nEXPOSE 80/tcp 443\nUSER 1000:1000\nVOLUME [\"/data\"]\nSTOPSIGNAL SIGTERM\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\nSHELL [\"/bin/bash\", \"-c\"]\n",
        "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    # comment inside\n    pip install -r requirements.txt\nRUN <<EOF\nset -e\necho \"hi $HOME\"\nEOF\nCOPY <<-'CONF' <<X /etc/\n\tkey=value\n\tCONF\nx\nX\n",
        "FROM busybox\nONBUILD RUN echo test\nONBUILD COPY . /\nONBUILD RUN <<EOF\necho on\nEOF\nMAINTAINER someone\nADD --chown=1:1 https://example.com/a.tgz /a\nRUN 3<<EOF cat /dev/fd/3\nx\nEOF\n",
    ];

    private static readonly string[] Tokens =
    [
        "\\", "`", "\\\n", "`\n", "\n", "\r\n", "\r", "\t", " ", "\"", "'", "[", "]", "{", "}", "${", "$", "<<", "<<EOF",
        "<<-EOF", "<<'EOF'", "<<\"EOF\"", "EOF\n", "\tEOF\n", "3<<X", "X\n", "#", "# escape=`\n", "# escape=\\\n",
        "# syntax=x\n", "# check=skip=all\n", "# escape=x\n", "RUN ", "run ", "ONBUILD ", "COPY ", "ADD ", "FROM ",
        "HEALTHCHECK CMD ", "RUNN ", "--", "--mount=type=cache,target=/x ", "--x=\"a b\" ", "[\"a\", \"b\"]", "[1]",
        "[[[[", "]]]]", "\\u0000", "\0", "\uFEFF", "é", "\u00A0", "\u2028", "\uD83D\uDE00", "\uD800", "\uDFFF", "${a:-b}",
        "${a/b/c}", "${", "${:", "=", "-", "--flag", "\\\\", "``",
    ];

    /// <summary>A Dockerfile from the corpus with 1–8 random mutations, or now and then pure noise.</summary>
    public static string Generate(Random random)
    {
        if (random.Next(20) == 0)
        {
            return RandomNoise(random);
        }

        var text = new StringBuilder(Corpus[random.Next(Corpus.Length)]);
        var mutations = random.Next(1, 9);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(text, random);
        }

        return text.ToString();
    }

    /// <summary>Runs <paramref name="cases"/> generated inputs through <paramref name="pipeline"/>; returns the time taken.</summary>
    public static TimeSpan Run(Action<string> pipeline, int cases, int seed, TimeSpan timeout)
    {
        string? failingInput = null;
        Exception? failure = null;
        var watch = Stopwatch.StartNew();
        var work = Task.Run(() =>
        {
            var random = new Random(seed);
            for (var i = 0; i < cases; i++)
            {
                var input = Generate(random);
                try
                {
                    pipeline(input);
                }
                catch (HoistException)
                {
                    // A user-facing error is an acceptable answer to a broken Dockerfile.
                }
                catch (Exception e)
                {
                    failingInput = input;
                    failure = e;
                    return;
                }
            }
        });

        if (!work.Wait(timeout))
        {
            throw new TimeoutException($"fuzzing {cases} cases did not finish within {timeout}");
        }

        watch.Stop();
        if (failure is not null)
        {
            throw new InvalidOperationException(
                $"pipeline threw {failure.GetType().Name} for input {Escape(failingInput!)}", failure);
        }

        return watch.Elapsed;
    }

    private static void Mutate(StringBuilder text, Random random)
    {
        var position = text.Length == 0 ? 0 : random.Next(text.Length + 1);
        switch (random.Next(8))
        {
            case 0:
            case 1:
                text.Insert(position, Tokens[random.Next(Tokens.Length)]);
                break;
            case 2:
                text.Insert(position, (char)random.Next(0, 0x3000));
                break;
            case 3 when text.Length > 0:
                var deleteLength = Math.Min(random.Next(1, 20), text.Length - Math.Min(position, text.Length - 1));
                text.Remove(Math.Min(position, text.Length - 1), deleteLength);
                break;
            case 4 when text.Length > 0:
                var start = random.Next(text.Length);
                var length = Math.Min(random.Next(1, 80), text.Length - start);
                text.Insert(position, text.ToString(start, length));
                break;
            case 5:
                // Occasionally a very long line; mostly short runs so the whole fuzz stays fast.
                var repeat = random.Next(200) == 0 ? 20_000 : random.Next(1, 50);
                text.Insert(position, new string(Tokens[random.Next(Tokens.Length)][0], repeat));
                break;
            case 6:
                var line = random.Next(3) == 0 ? "\n" : "";
                text.Insert(position, line + Tokens[random.Next(Tokens.Length)] + Tokens[random.Next(Tokens.Length)]);
                break;
            default:
                text.Insert(position, Corpus[random.Next(Corpus.Length)].Split('\n')[0] + "\n");
                break;
        }
    }

    private static string RandomNoise(Random random)
    {
        var text = new StringBuilder();
        var length = random.Next(0, 200);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(3) == 0 ? Tokens[random.Next(Tokens.Length)] : ((char)random.Next(0, 128)).ToString());
        }

        return text.ToString();
    }

    private static string Escape(string input)
    {
        var shown = input.Length > 2000 ? input[..2000] + "…" : input;
        return "\"" + shown.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\0", "\\0").Replace("\"", "\\\"") + "\"";
    }
}
