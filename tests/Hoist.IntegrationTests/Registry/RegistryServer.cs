using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hoist.IntegrationTests.Registry;

/// <summary>
/// A real distribution registry (<c>docker-registry serve</c>) on 127.0.0.1 at a free port, with filesystem storage in
/// a temporary directory and deletes enabled; optionally protected by htpasswd or token authentication.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private RegistryServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public static string? BinaryPath { get; } = FindOnPath("docker-registry");

    public int Port { get; }

    /// <summary>The registry as image references name it, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://{Host}/");

    /// <summary>
    /// Starts a registry; <paramref name="authSection"/> is YAML placed under <c>auth:</c>, given the temp dir. With
    /// <paramref name="tls"/> it serves HTTPS only, with a self-signed certificate for 127.0.0.1.
    /// </summary>
    public static async Task<RegistryServer> StartAsync(Func<string, string>? authSection = null, bool tls = false)
    {
        var binary = BinaryPath ?? throw new InvalidOperationException("docker-registry is not installed");
        var dir = Directory.CreateTempSubdirectory("hoist-registry-").FullName;
        var port = FreePort();
        var auth = authSection is null ? "" : "auth:\n" + Indent(authSection(dir));
        var tlsSection = tls ? WriteCertificate(dir) : "";
        var config = Path.Combine(dir, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {dir}/data
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: hoist-test-secret
            {tlsSection}
            {auth}
            """);
        var psi = new ProcessStartInfo(binary)
        {
            ArgumentList = { "serve", config },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.Environment.Remove("REGISTRY_HTTP_ADDR");
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start docker-registry");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.Contains("listening on", StringComparison.Ordinal)) listening.TrySetResult();
        }
        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new RegistryServer(process, dir, port);
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != listening.Task)
        {
            await server.DisposeAsync();
            lock (log) throw new InvalidOperationException($"docker-registry did not start:\n{log}");
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A port nothing listens on right now (the registry binds it a moment later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string WriteCertificate(string dir)
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(dir, "tls.crt");
        var keyPath = Path.Combine(dir, "tls.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return $"  tls:\n    certificate: {certPath}\n    key: {keyPath}";
    }

    private static string Indent(string yaml) =>
        string.Join('\n', yaml.Split('\n').Select(line => line.Length == 0 ? line : "  " + line));

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
