using Hoist.Building.Copy;

namespace Hoist.Tests.Building;

/// <summary>--chown user[:group], names looked up in the destination stage.</summary>
public sealed class OwnerSpecTests
{
    private static readonly PasswdDatabase Users = new(
        "# comment\nroot:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\napp:x:2000:2000:duplicate:/:/bin/sh\n",
        "root:x:0:\nstaff:x:50:app\n");

    [Theory]
    [InlineData("42", 42, 42)]
    [InlineData("42:7", 42, 7)]
    [InlineData("root", 0, 0)]
    [InlineData("app", 1000, 1001)]
    [InlineData("app:staff", 1000, 50)]
    [InlineData("app:0", 1000, 0)]
    [InlineData("42:staff", 42, 50)]
    [InlineData("42:", 42, 42)]
    [InlineData("nobody", 0, 0)]
    [InlineData("app:nogroup", 1000, 1001)]
    [InlineData("-5:-7", 0, 0)] // not numbers to BuildKit's ParseUint: names, not found (a negative id would be an unreadable layer)
    [InlineData("+42", 0, 0)]
    public void Resolves_like_BuildKit(string spec, int uid, int gid)
    {
        Assert.Equal((uid, gid), OwnerSpec.Parse(spec).Resolve(Users));
    }

    [Fact]
    public void Names_in_a_stage_without_passwd_resolve_to_root()
    {
        Assert.Equal((0, 0), OwnerSpec.Parse("app:staff").Resolve(PasswdDatabase.Empty));
    }
}
