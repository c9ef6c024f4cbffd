using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>hoist run -p/-P</c> as docker's, with real runc and pasta: a container port alone on a free loopback port (its
/// mapping printed on standard error as <c>docker port</c> shows it), the image's EXPOSE ports with <c>-P</c>, ranges,
/// and UDP (a perl echo server in the Debian fixture) reachable on the host's loopback.
/// </summary>
public sealed partial class RunPublishTests(BuildStore store) : IClassFixture<BuildStore>, IDisposable
{
    private readonly string _www = Directory.CreateTempSubdirectory("hoist-publish-").FullName;

    public void Dispose() => Directory.Delete(_www, recursive: true);

    private Process Serve(params string[] args)
    {
        File.WriteAllText(Path.Combine(_www, "index.html"), "served\n");
        return HoistProcess.Start(["--root", store.Root, "run", "--rm", "-v", $"{_www}:/www:ro", .. args]);
    }

    [GeneratedRegex(@"^(\d+/(?:tcp|udp)) -> 127\.0\.0\.1:(\d+)$")]
    private static partial Regex Mapping();

    /// <summary>The mappings hoist run prints before the container starts, one line each.</summary>
    private static async Task<Dictionary<string, int>> MappingsAsync(Process run, int count)
    {
        var mappings = new Dictionary<string, int>(StringComparer.Ordinal);
        while (mappings.Count < count)
        {
            var line = await run.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                ?? throw new InvalidOperationException("hoist run ended before printing its ports");
            var match = Mapping().Match(line);
            Assert.True(match.Success, $"not a port mapping: {line}");
            mappings[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return mappings;
    }

    private static async Task StopAsync(Process run)
    {
        run.Kill(entireProcessTree: false);
        await run.WaitForExitAsync();
    }

    [RootFact]
    public async Task A_container_port_alone_gets_a_free_loopback_port_printed_as_docker_port_shows_it()
    {
        var fixedPort = LoopbackListener.FreePort();
        using var run = Serve("-p", "80", "-p", $"{fixedPort}:81", FixtureImages.Busybox, "sh", "-c", "httpd -p 81 -h /www; httpd -f -p 80 -h /www");
        try
        {
            var mappings = await MappingsAsync(run, 1);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

            Assert.Equal(["80/tcp"], mappings.Keys);
            Assert.Equal("served\n", await LoopbackListener.GetWhenUpAsync(client, $"http://127.0.0.1:{mappings["80/tcp"]}/index.html", run));
            Assert.Equal("served\n", await LoopbackListener.GetWhenUpAsync(client, $"http://127.0.0.1:{fixedPort}/index.html", run));
            Assert.DoesNotContain("0.0.0.0:" + mappings["80/tcp"], HostCommand.Run("ss", "-Hltn"), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(run);
        }
        // the fixed port is known to the user, so only the chosen one was printed
        Assert.DoesNotContain($"-> 127.0.0.1:{fixedPort}", await run.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Publish_all_publishes_every_exposed_port_on_its_own_free_port()
    {
        var context = store.NewContext(("Dockerfile", $"FROM {FixtureImages.Busybox}\nEXPOSE 80 81/tcp 5353/udp\n"));
        var build = store.Hoist("build", "-t", "test/exposed:1", context);
        Assert.True(build.ExitCode == 0, build.Stderr);

        using var run = Serve("-P", "test/exposed:1", "httpd", "-f", "-p", "81", "-h", "/www");
        try
        {
            var mappings = await MappingsAsync(run, 3);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

            Assert.Equal(["5353/udp", "80/tcp", "81/tcp"], mappings.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(3, mappings.Values.Distinct().Count());
            Assert.Equal("served\n", await LoopbackListener.GetWhenUpAsync(client, $"http://127.0.0.1:{mappings["81/tcp"]}/index.html", run));
        }
        finally
        {
            await StopAsync(run);
        }
    }

    [RootFact]
    public async Task A_range_publishes_each_port_of_it()
    {
        var first = ConsecutiveFreePorts();
        using var run = Serve("-p", $"{first}-{first + 1}:8000-8001", FixtureImages.Busybox, "sh", "-c", "httpd -p 8000 -h /www; httpd -f -p 8001 -h /www");
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

            Assert.Equal("served\n", await LoopbackListener.GetWhenUpAsync(client, $"http://127.0.0.1:{first}/index.html", run));
            Assert.Equal("served\n", await LoopbackListener.GetWhenUpAsync(client, $"http://127.0.0.1:{first + 1}/index.html", run));
        }
        finally
        {
            await StopAsync(run);
        }
    }

    /// <summary>Two consecutive loopback ports free a moment ago.</summary>
    private static int ConsecutiveFreePorts()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException) when (attempt < 50)
            {
            }
        }
    }

    [RootFact]
    public async Task A_udp_port_is_published_and_answers_on_loopback()
    {
        var tar = Path.Combine(BusyboxRootfs.Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh"), "--debian").Trim(),
            "debian-rootfs.tar");
        var import = store.Hoist("import", tar, "test/debian:udp");
        Assert.True(import.ExitCode == 0, import.Stderr);
        // A container port free on the host too: Hoist then publishes it under its own number (Debian 12's pasta loses the
        // replies of a UDP port published under another one).
        int number;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) number = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var echo = $"use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => {number}, Proto => 'udp') or die $!; "
            + "while ($s->recv(my $m, 1024)) { $s->send(\"echo:$m\") }";

        using var run = HoistProcess.Start(["--root", store.Root, "run", "-p", $"{number}/udp", "test/debian:udp", "perl", "-e", echo]);
        try
        {
            var port = (await MappingsAsync(run, 1))[$"{number}/udp"];

            Assert.Equal(number, port);
            Assert.Equal("echo:ping", await UdpAskAsync(port, "ping", run));
        }
        finally
        {
            await StopAsync(run);
        }
    }

    /// <summary>Sends <paramref name="message"/> until an answer comes (datagrams sent before the server binds are lost).</summary>
    private static async Task<string> UdpAskAsync(int port, string message, Process run)
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !run.HasExited)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(message), new IPEndPoint(IPAddress.Loopback, port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                var answer = await client.ReceiveAsync(wait.Token);
                return Encoding.UTF8.GetString(answer.Buffer);
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier datagram
            }
        }
        throw new TimeoutException($"no UDP answer on 127.0.0.1:{port}" + (run.HasExited ? ": " + await run.StandardError.ReadToEndAsync() : ""));
    }
}
