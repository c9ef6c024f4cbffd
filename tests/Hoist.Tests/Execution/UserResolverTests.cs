using Hoist.Execution;

namespace Hoist.Tests.Execution;

/// <summary>USER resolution against a root filesystem's /etc/passwd and /etc/group, as BuildKit and runc do it.</summary>
public sealed class UserResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-users-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("hoist-outside-").FullName;

    public UserResolverTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.WriteAllText(Path.Combine(_root, "etc", "passwd"), """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            app:x:1000:1000:App:/home/app:/bin/sh
            
            nonroot:x:65532:65532:nonroot:/home/nonroot:/bin/sh
            123:x:4242:4242::/home/numeric-name:/bin/sh
            """);
        File.WriteAllText(Path.Combine(_root, "etc", "group"), """
            root:x:0:
            daemon:x:1:app
            wheel:x:10:root,app
            app:x:1000:
            docker:x:999:app,other
            nonroot:x:65532:
            """);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private ResolvedUser Resolve(string? user) => UserResolver.Resolve(_root, user);

    [Theory]
    [InlineData(null, 0u, 0u, new uint[] { 0, 10 }, "/root")]
    [InlineData("", 0u, 0u, new uint[] { 0, 10 }, "/root")]
    [InlineData("root", 0u, 0u, new uint[] { 0, 10 }, "/root")]
    [InlineData("0", 0u, 0u, new uint[] { 0, 10 }, "/root")]
    [InlineData("app", 1000u, 1000u, new uint[] { 1000, 1, 10, 999 }, "/home/app")]
    [InlineData("1000", 1000u, 1000u, new uint[] { 1000, 1, 10, 999 }, "/home/app")]
    [InlineData("app:docker", 1000u, 999u, new uint[] { 999 }, "/home/app")]
    [InlineData("app:5555", 1000u, 5555u, new uint[] { 5555 }, "/home/app")]
    [InlineData("1000:1000", 1000u, 1000u, new uint[] { 1000 }, "/home/app")]
    [InlineData("5000:6000", 5000u, 6000u, new uint[] { 6000 }, "/")]
    [InlineData("5000", 5000u, 0u, new uint[] { 0 }, "/")]
    [InlineData("65532", 65532u, 65532u, new uint[] { 65532 }, "/home/nonroot")]
    [InlineData("nonroot:nonroot", 65532u, 65532u, new uint[] { 65532 }, "/home/nonroot")]
    [InlineData("root:root", 0u, 0u, new uint[] { 0 }, "/root")]
    [InlineData("5000:wheel", 5000u, 10u, new uint[] { 10 }, "/")]
    [InlineData("123", 123u, 0u, new uint[] { 0 }, "/")]
    public void Resolves_like_buildkit(string? user, uint uid, uint gid, uint[] groups, string home)
    {
        var resolved = Resolve(user);

        Assert.Equal((uid, gid), (resolved.Uid, resolved.Gid));
        Assert.Equal(groups, resolved.AdditionalGids);
        Assert.Equal(home, resolved.Home);
    }

    [Fact]
    public void A_missing_named_user_is_an_error()
    {
        var error = Assert.Throws<HoistException>(() => Resolve("ghost"));

        Assert.Equal("unable to find user ghost: no matching entries in passwd file", error.Message);
    }

    [Fact]
    public void A_missing_named_group_is_an_error()
    {
        var error = Assert.Throws<HoistException>(() => Resolve("app:ghosts"));

        Assert.Equal("unable to find group ghosts: no matching entries in group file", error.Message);
    }

    [Fact]
    public void Ids_out_of_range_are_refused()
    {
        var error = Assert.Throws<HoistException>(() => Resolve("-1"));

        Assert.Contains("must be in range 0-2147483647", error.Message);
    }

    [Fact]
    public void Without_passwd_numeric_users_work_and_names_fail()
    {
        File.Delete(Path.Combine(_root, "etc", "passwd"));
        File.Delete(Path.Combine(_root, "etc", "group"));

        Assert.Equal((0u, 0u), (Resolve(null).Uid, Resolve(null).Gid));
        Assert.Equal((42u, 0u), (Resolve("42").Uid, Resolve("42").Gid));
        Assert.Equal("/", Resolve("42").Home);
        Assert.Throws<HoistException>(() => Resolve("app"));
    }

    [Fact]
    public void A_passwd_symlink_pointing_outside_the_root_stays_inside_it()
    {
        File.WriteAllText(Path.Combine(_outside, "passwd"), "evil:x:0:0::/:/bin/sh\n");
        var passwd = Path.Combine(_root, "etc", "passwd");
        File.Delete(passwd);
        // Both an absolute target and a ../ climb must resolve within the root, where no such file exists.
        File.CreateSymbolicLink(passwd, Path.Combine(_outside, "passwd"));
        Assert.Throws<HoistException>(() => Resolve("evil"));
        File.Delete(passwd);
        File.CreateSymbolicLink(passwd, "../../../../../../../.." + Path.Combine(_outside, "passwd"));
        Assert.Throws<HoistException>(() => Resolve("evil"));
    }

    [Fact]
    public void A_passwd_symlink_inside_the_root_is_followed()
    {
        var passwd = Path.Combine(_root, "etc", "passwd");
        File.Move(passwd, Path.Combine(_root, "etc", "passwd.real"));
        File.CreateSymbolicLink(passwd, "/etc/passwd.real");

        Assert.Equal(1000u, Resolve("app").Uid);
    }
}
