using Hoist.Analysis;

namespace Hoist.Tests.Analysis;

/// <summary>Each attack-surface finding from an image built layer by layer in memory; deleted files are not findings.</summary>
public sealed class AttackSurfaceTests
{
    private const string RsaKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";

    private static async Task<IReadOnlyList<Finding>> ScanAsync(LayeredImage image) =>
        (await ImageAnalyzer.AnalyzeAsync(image.Build(), new AnalysisOptions(), CancellationToken.None)).Findings;

    private static LayeredImage Base() => new LayeredImage().User("65532").Layer(l => l.Dir("bin").Dir("usr").Dir("usr/bin").Dir("tmp", 0x3FF));

    [Fact]
    public async Task An_image_without_anything_risky_and_a_non_root_user_has_no_findings_not_even_the_sticky_tmp()
    {
        Assert.Empty(await ScanAsync(Base()));
    }

    [Fact]
    public async Task Shells_package_managers_and_compilers_are_found_in_bin_directories_with_versions_from_their_names()
    {
        var findings = await ScanAsync(Base().Layer(l => l
            .File("bin/busybox", "elf", 0x1ED).Symlink("bin/sh", "busybox")
            .File("usr/bin/gcc-12", "elf", 0x1ED).Symlink("usr/bin/gcc", "gcc-12").File("usr/bin/x86_64-linux-gnu-gcc-12", "elf", 0x1ED)
            .File("usr/bin/apt-get", "elf", 0x1ED).File("usr/bin/pip3.11", "py", 0x1ED)
            .File("usr/bin/make", "not executable", 0x1A4).Symlink("usr/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js")));

        Assert.Equal(
            ["shell /bin/busybox (busybox)", "shell /bin/sh (sh)", "package-manager /usr/bin/apt-get (apt-get)",
             "package-manager /usr/bin/pip3.11 (pip 3.11)", "compiler /usr/bin/gcc (gcc 12)"],
            findings.Select(f => f.ToString()));
    }

    [Fact]
    public async Task Applets_of_busybox_are_the_busybox_shell_not_package_managers()
    {
        var findings = await ScanAsync(Base().Layer(l => l
            .File("bin/busybox", "elf", 0x1ED).Symlink("bin/sh", "busybox").Symlink("bin/dpkg", "busybox").Symlink("usr/bin/rpm", "../../bin/busybox")));

        Assert.Equal(["shell /bin/busybox (busybox)", "shell /bin/sh (sh)"], findings.Select(f => f.ToString()));
    }

    [Fact]
    public async Task Setuid_setgid_and_world_writable_files_and_directories_are_found_by_mode()
    {
        var findings = await ScanAsync(Base().Layer(l => l
            .File("usr/bin/su", "elf", 0x9ED).File("usr/bin/wall", "elf", 0x5ED)
            .Dir("data", 0x1FF).File("data/open.txt", "x", 0x1B6).Dir("shared", 0x3FF)));

        Assert.Equal(
            ["setuid /usr/bin/su (mode 4755, owner root)", "setgid /usr/bin/wall (mode 2755, group 0)",
             "world-writable /data (directory, mode 0777)", "world-writable /data/open.txt (file, mode 0666)"],
            findings.Select(f => f.ToString()));
    }

    [Fact]
    public async Task Private_keys_are_found_by_content_and_by_name_and_credentials_only_when_they_hold_a_value()
    {
        var findings = await ScanAsync(Base().Layer(l => l
            .Dir("app").File("app/server.pem", RsaKey).File("app/cert.pem", "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n")
            .Dir("root").Dir("root/.ssh").File("root/.ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n")
            .File("root/.npmrc", "//registry.npmjs.org/:_authToken=npm_abc123\n").File("app/.npmrc", "//r/:_authToken=${NPM_TOKEN}\n")
            .Dir("root/.aws").File("root/.aws/credentials", "[default]\naws_access_key_id = AKIA\naws_secret_access_key = abc\n")
            .File("root/.git-credentials", "https://me:ghp_secret@github.com\n")
            .File("app/.env", "DEBUG=1\nDB_PASSWORD=hunter2\n").File("app/.env.example", "DB_PASSWORD=\n")));

        Assert.Equal(
            ["private-key /app/server.pem (PEM private key (RSA))", "private-key /root/.ssh/id_ed25519 (PEM private key (OPENSSH))",
             "credential /app/.env (DB_PASSWORD set in an env file)", "credential /root/.aws/credentials (AWS secret access key)",
             "credential /root/.git-credentials (git credentials with a password)", "credential /root/.npmrc (npm auth token)"],
            findings.Select(f => f.ToString()));
    }

    [Fact]
    public async Task A_key_a_later_layer_deleted_is_not_shipped_but_its_bytes_are_wasted()
    {
        var image = Base().Layer(l => l.File("id_rsa.pem", RsaKey)).Layer(l => l.Whiteout("id_rsa.pem"));

        var analysis = await ImageAnalyzer.AnalyzeAsync(image.Build(), new AnalysisOptions(), CancellationToken.None);

        Assert.Empty(analysis.Findings);
        Assert.Equal(RsaKey.Length, analysis.WastedBytes);
    }

    [Theory]
    [InlineData(null, "root: runs as root (no USER)")]
    [InlineData("root", "root: runs as root (USER root)")]
    [InlineData("0:0", "root: runs as root (USER 0:0)")]
    public async Task An_image_without_a_user_or_with_root_or_uid_0_runs_as_root(string? user, string expected)
    {
        var image = new LayeredImage().Layer(l => l.Dir("etc"));
        if (user is not null) image.User(user);

        Assert.Equal(expected, Assert.Single(await ScanAsync(image)).ToString());
    }

    [Theory]
    [InlineData("shell,root", new[] { FindingKind.Shell, FindingKind.Root })]
    [InlineData("all", new[] { FindingKind.Shell, FindingKind.PackageManager, FindingKind.Compiler, FindingKind.Setuid, FindingKind.Setgid,
        FindingKind.WorldWritable, FindingKind.PrivateKey, FindingKind.Credential, FindingKind.Root })]
    public void Fail_on_lists_parse_by_name(string text, FindingKind[] expected)
    {
        Assert.Equal(expected.Order(), FindingKinds.ParseList(text).Order());
    }

    [Fact]
    public void An_unknown_fail_on_name_is_a_one_line_error_listing_the_known_ones()
    {
        var error = Assert.Throws<HoistException>(() => FindingKinds.ParseList("setuid,shells"));
        Assert.Equal("unknown finding \"shells\" in --fail-on (known: shell, package-manager, compiler, setuid, setgid, world-writable, private-key, credential, root, all)", error.Message);
    }
}
