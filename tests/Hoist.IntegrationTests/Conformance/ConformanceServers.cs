using System.Text.Json.Nodes;
using Hoist.IntegrationTests.Building;

namespace Hoist.IntegrationTests.Conformance;

/// <summary>
/// The loopback servers a case's build.args ask for, as record.sh starts them: <c>{git}</c> a git daemon of
/// git-fixture.sh's repository, <c>{http}</c> a static server of tests/conformance/www. Their URLs replace the
/// placeholders in the arguments and are written back as placeholders in the result, as normalize.py --replace does.
/// </summary>
public sealed class ConformanceServers : IDisposable
{
    private const string Http = "{http}";
    private readonly ConformanceGitDaemon? _git;
    private readonly LoopbackFileServer? _http;

    public ConformanceServers(IReadOnlyList<string> buildArgs)
    {
        if (buildArgs.Any(a => a.Contains(ConformanceGitDaemon.Placeholder, StringComparison.Ordinal))) _git = new ConformanceGitDaemon();
        if (buildArgs.Any(a => a.Contains(Http, StringComparison.Ordinal))) _http = new LoopbackFileServer(WebFiles(), DateTimeOffset.UnixEpoch);
    }

    private IEnumerable<(string Placeholder, string Url)> Urls
    {
        get
        {
            if (_git is not null) yield return (ConformanceGitDaemon.Placeholder, _git.Url);
            if (_http is not null) yield return (Http, _http.Url(""));
        }
    }

    public string Substitute(string argument) =>
        Urls.Aggregate(argument, (text, server) => text.Replace(server.Placeholder, server.Url, StringComparison.Ordinal));

    public JsonObject Unsubstitute(JsonObject result) => Urls.Any()
        ? JsonNode.Parse(Urls.Aggregate(result.ToJsonString(), (text, server) => text.Replace(server.Url, server.Placeholder, StringComparison.Ordinal)))!.AsObject()
        : result;

    public void Dispose()
    {
        _git?.Dispose();
        _http?.Dispose();
    }

    private static Dictionary<string, byte[]> WebFiles()
    {
        var root = Path.Combine(ConformanceCase.CorpusDirectory, "www");
        return Directory.EnumerateFiles(root).ToDictionary(f => "/" + Path.GetFileName(f), File.ReadAllBytes);
    }
}
