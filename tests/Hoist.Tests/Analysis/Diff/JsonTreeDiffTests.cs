using System.Text;
using Hoist.Analysis.Diff;

namespace Hoist.Tests.Analysis.Diff;

public sealed class JsonTreeDiffTests
{
    private static IReadOnlyList<FieldDifference> Compare(string a, string b, params string[] skip) =>
        JsonTreeDiff.Compare(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b), skip);

    [Fact]
    public void An_array_element_is_named_by_its_path()
    {
        var fields = Compare("""{"config":{"Env":["PATH=/bin","MODE=a"]}}""", """{"config":{"Env":["PATH=/bin","MODE=b"]}}""");

        Assert.Equal([new FieldDifference("config.Env[1]", "\"MODE=a\"", "\"MODE=b\"")], fields);
    }

    [Fact]
    public void A_missing_key_differs_from_null_and_extra_elements_are_listed()
    {
        var fields = Compare("""{"a":null,"h":[1]}""", """{"h":[1,2],"b":1}""");

        Assert.Equal([new FieldDifference("a", "null", null), new FieldDifference("b", null, "1"), new FieldDifference("h[1]", null, "2")], fields);
    }

    [Fact]
    public void Skipped_top_level_keys_and_equal_documents_give_nothing()
    {
        Assert.Empty(Compare("""{"rootfs":{"diff_ids":["x"]},"os":"linux"}""", """{"os":"linux","rootfs":{"diff_ids":["y"]}}""", "rootfs"));
    }
}
