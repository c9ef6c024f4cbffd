using System.IO.Compression;
using System.Text;
using Hoist.Analysis;
using Hoist.Analysis.Sbom;

namespace Hoist.Tests.Analysis;

/// <summary>Each SBOM scanner on files shaped like the real ones, through a layer walk of an in-memory image.</summary>
public sealed class PackageScannerTests
{
    private static async Task<IReadOnlyList<SoftwarePackage>> PackagesAsync(LayeredImage image) =>
        (await ImageAnalyzer.WalkAsync(image.Build(), new AnalysisOptions { Packages = true }, CancellationToken.None)).Packages;

    private static string Names(IEnumerable<SoftwarePackage> packages) =>
        string.Join(" ", packages.Select(p => $"{p.Ecosystem}:{p.FullName}@{p.Version}"));

    [Fact]
    public async Task Dpkg_status_lists_packages_whose_files_are_installed_and_status_d_files_each_add_theirs()
    {
        const string status = """
            Package: libc6
            Status: install ok installed
            Architecture: amd64
            Source: glibc (2.36-9+deb12u4)
            Version: 2.36-9+deb12u4
            Description: GNU C Library
             continuation line

            Package: removed-but-configured
            Status: deinstall ok config-files
            Version: 1.0

            Package: bash
            Status: install ok installed
            Version: 5.2.15-2+b2

            """;
        var packages = await PackagesAsync(new LayeredImage().Layer(l => l
            .Dir("var").Dir("var/lib").Dir("var/lib/dpkg").File("var/lib/dpkg/status", status)
            .Dir("var/lib/dpkg/status.d").File("var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a-0+deb12u1\n")
            .File("var/lib/dpkg/status.d/tzdata.md5sums", "abc  usr/share/zoneinfo/UTC\n")));

        Assert.Equal("deb:bash@5.2.15-2+b2 deb:libc6@2.36-9+deb12u4 deb:tzdata@2024a-0+deb12u1", Names(packages));
        Assert.Equal("glibc", packages[1].SourceName);
        Assert.Equal("amd64", packages[1].Architecture);
    }

    [Fact]
    public async Task The_apk_database_lists_each_paragraph()
    {
        var packages = await PackagesAsync(new LayeredImage().Layer(l => l.Dir("lib").Dir("lib/apk").Dir("lib/apk/db")
            .File("lib/apk/db/installed", "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\nF:lib\nR:libc.musl-x86_64.so.1\n\nP:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\n\n")));

        Assert.Equal("apk:busybox@1.36.1-r15 apk:musl@1.2.4-r2", Names(packages));
        Assert.Equal("MIT", packages[1].License);
    }

    [Fact]
    public async Task Npm_lists_installed_packages_once_even_when_the_lock_file_pins_them_too()
    {
        const string lockFile = """
            {"name": "app", "lockfileVersion": 3, "packages": {
              "": {"name": "app", "version": "1.0.0"},
              "node_modules/left-pad": {"version": "1.3.0", "license": "WTFPL"},
              "node_modules/@types/node": {"version": "20.1.0", "license": "MIT"},
              "node_modules/only-in-lock": {"version": "2.0.0"},
              "node_modules/linked": {"resolved": "../x", "link": true}
            }}
            """;
        var packages = await PackagesAsync(new LayeredImage().Layer(l => l
            .Dir("app").File("app/package.json", """{"name": "app", "version": "1.0.0"}""").File("app/package-lock.json", lockFile)
            .Dir("app/node_modules").Dir("app/node_modules/left-pad").File("app/node_modules/left-pad/package.json", """{"name": "left-pad", "version": "1.3.0", "license": "WTFPL"}""")
            .Dir("app/node_modules/@types").Dir("app/node_modules/@types/node").File("app/node_modules/@types/node/package.json", """{"name": "@types/node", "version": "20.1.0", "license": {"type": "MIT"}}""")
            .Dir("app/node_modules/left-pad/dist").File("app/node_modules/left-pad/dist/package.json", """{"type": "module"}""")
            .File("app/node_modules/.package-lock.json", lockFile)));

        Assert.Equal("npm:@types/node@20.1.0 npm:left-pad@1.3.0 npm:only-in-lock@2.0.0", Names(packages));
        Assert.Equal("/app/node_modules/@types/node/package.json", packages[0].Location);
        Assert.Equal("MIT", packages[0].License);
        Assert.Equal("/app/package-lock.json", packages[2].Location);
    }

    [Fact]
    public async Task Python_distributions_come_from_dist_info_and_egg_info_metadata()
    {
        var packages = await PackagesAsync(new LayeredImage().Layer(l => l.Dir("site")
            .Dir("site/requests-2.31.0.dist-info").File("site/requests-2.31.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\nRequests is a library. Name: not-a-header\n")
            .Dir("site/six-1.16.0.egg-info").File("site/six-1.16.0.egg-info/PKG-INFO", "Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\nLicense: UNKNOWN\n")));

        Assert.Equal("pypi:requests@2.31.0 pypi:six@1.16.0", Names(packages));
        Assert.Equal("Apache 2.0", packages[0].License);
        Assert.Null(packages[1].License);
    }

    [Fact]
    public async Task Dotnet_deps_json_lists_nuget_packages_but_not_projects()
    {
        const string deps = """
            {"runtimeTarget": {"name": ".NETCoreApp,Version=v8.0"}, "targets": {},
             "libraries": {"App/1.0.0": {"type": "project"}, "Newtonsoft.Json/13.0.3": {"type": "package", "sha512": "x"}}}
            """;
        var packages = await PackagesAsync(new LayeredImage().Layer(l => l.Dir("app").File("app/App.deps.json", deps)));

        Assert.Equal("nuget:Newtonsoft.Json@13.0.3", Names(packages));
    }

    [Fact]
    public async Task Jars_are_named_by_pom_properties_or_their_manifest_and_nested_jars_are_read()
    {
        var inner = Zip(("META-INF/maven/org.slf4j/slf4j-api/pom.properties", "groupId=org.slf4j\nartifactId=slf4j-api\nversion=2.0.9\n"));
        var fat = Zip(("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nImplementation-Title: app\r\nImplementation-Version: 3.1\r\n"),
            ("BOOT-INF/lib/slf4j-api-2.0.9.jar", inner));
        var plain = Zip(("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBundle-SymbolicName: com.example.tool;singleton:=true\nBundle-Version: 1.2.3\n"));

        var packages = await PackagesAsync(new LayeredImage().Layer(l => l.Dir("app").File("app/app.jar", fat).File("app/tool.jar", plain)));

        Assert.Equal("maven:app@3.1 maven:com.example.tool@1.2.3 maven:org.slf4j:slf4j-api@2.0.9", Names(packages));
        Assert.Equal("/app/app.jar!/BOOT-INF/lib/slf4j-api-2.0.9.jar", packages[2].Location);
    }

    [Fact]
    public async Task A_package_database_a_later_layer_deleted_lists_nothing()
    {
        var packages = await PackagesAsync(new LayeredImage()
            .Layer(l => l.Dir("app").Dir("app/node_modules").Dir("app/node_modules/a").File("app/node_modules/a/package.json", """{"name":"a","version":"1.0.0"}"""))
            .Layer(l => l.Whiteout("app/node_modules")));

        Assert.Empty(packages);
    }

    private static byte[] Zip(params (string Name, object Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content as byte[] ?? Encoding.UTF8.GetBytes((string)content));
            }
        }
        return buffer.ToArray();
    }
}
