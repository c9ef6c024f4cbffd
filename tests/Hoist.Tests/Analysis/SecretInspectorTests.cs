using System.Text;
using Hoist.Analysis;
using Hoist.Archives;

namespace Hoist.Tests.Analysis;

/// <summary>The credential sniffing of <c>hoist analyze</c> reads files of images nobody vouches for.</summary>
public sealed class SecretInspectorTests
{
    private static FileEvidence? Inspect(string path, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var entry = new TarEntry { Name = path.TrimStart('/'), Type = TarEntryType.Regular, Size = bytes.Length };
        return new SecretInspector().Inspect(path, entry, new MemoryStream(bytes));
    }

    [Theory]
    [InlineData("DB_PASSWORD=hunter2\n", "DB_PASSWORD set in an env file")]
    [InlineData("# settings\nPORT=80\nexport github_token='abc'\n", "github_token set in an env file")]
    [InlineData("NAME=x\nApiKey_SECRET=\"v\"\n", "ApiKey_SECRET set in an env file")]
    public void An_env_file_setting_a_secret_looking_variable_is_a_credential(string content, string kind)
    {
        var evidence = Assert.IsType<SecretEvidence>(Inspect("/app/.env", content));

        Assert.Equal(kind, evidence.Detail);
    }

    [Theory]
    [InlineData("DB_PASSWORD=${DB_PASSWORD}\n")]
    [InlineData("PORT=80\nHOST=x\n")]
    [InlineData("DB_PASSWORD=\n")]
    public void An_env_file_without_a_secret_value_is_not(string content)
    {
        Assert.Null(Inspect("/app/.env", content));
    }

    [Fact]
    public async Task A_hostile_env_file_is_inspected_in_linear_time()
    {
        // 64 KiB of "SECRETSECRET…" without '=': ambiguous for a backtracking pattern (Python's re takes about a minute
        // per file on it); .NET's compiled pattern stays fast, and this keeps it so.
        var content = string.Concat(Enumerable.Repeat("SECRET", SecretInspector.MaxSniffSize / 6));

        // Eight such files, as one image could ship thousands.
        var inspect = Task.Run(() => Enumerable.Range(0, 8).Select(i => Inspect($"/app/{i}.env", new string('X', i) + content)).ToList());

        Assert.Same(inspect, await Task.WhenAny(inspect, Task.Delay(TimeSpan.FromSeconds(15))));
        Assert.All(await inspect, Assert.Null);
    }
}
