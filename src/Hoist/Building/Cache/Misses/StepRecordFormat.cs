using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Hoist.Building.Copy;
using Hoist.Oci;

namespace Hoist.Building.Cache.Misses;

/// <summary>
/// <see cref="StepRecord"/> as text: a header line, <c>key</c>, <c>parent</c>, <c>base</c>, <c>instruction</c>, one
/// <c>input FINGERPRINT LABEL</c> line per input, then <c>files named N</c> and one <c>FINGERPRINT PATH</c> line per
/// file (paths escape <c>%</c>, CR and LF), or <c>files hashed N</c> and one base64 line of pairs, or
/// <c>files unknown N</c>. The key comes first so that a hit can compare it without reading the rest.
/// </summary>
public static class StepRecordFormat
{
    public const string Header = "hoist step record 1";

    public static string Write(StepRecord record)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("key ").Append(record.Key).Append('\n');
        text.Append("parent ").Append(record.Parent).Append('\n');
        text.Append("base ").Append(Escape(record.Base)).Append('\n');
        text.Append("instruction ").Append(record.Instruction).Append('\n');
        foreach (var (label, value) in record.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            text.Append("input ").Append(value).Append(' ').Append(Escape(label)).Append('\n');
        }
        if (record.Files is { } files) WriteFiles(text, files);
        return text.ToString();
    }

    private static void WriteFiles(StringBuilder text, FileSummary files)
    {
        var count = files.Count.ToString(CultureInfo.InvariantCulture);
        if (files.Named is { } named)
        {
            text.Append("files named ").Append(count).Append('\n');
            foreach (var entry in named) text.Append(entry.Fingerprint.ToString("x16", CultureInfo.InvariantCulture)).Append(' ').Append(Escape(entry.Path)).Append('\n');
        }
        else if (files.Hashed is { } hashed)
        {
            var bytes = new byte[hashed.Length * 8];
            for (var i = 0; i < hashed.Length; i++) BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), hashed[i]);
            text.Append("files hashed ").Append(count).Append('\n').Append(Convert.ToBase64String(bytes)).Append('\n');
        }
        else
        {
            text.Append("files unknown ").Append(count).Append('\n');
        }
    }

    /// <summary>The record, or null for anything that is not a whole record of this version (it then counts as absent).</summary>
    public static StepRecord? Read(string text)
    {
        try
        {
            return Parse(text.Split('\n'));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentException or OverflowException or HoistException)
        {
            return null;
        }
    }

    private static StepRecord? Parse(string[] lines)
    {
        if (lines.Length < 6 || lines[0] != Header || lines[^1].Length != 0) return null;
        var record = new StepRecord
        {
            Key = Digest.Parse(Field(lines[1], "key")),
            Parent = Digest.Parse(Field(lines[2], "parent")),
            Base = Unescape(Field(lines[3], "base")),
            Instruction = Field(lines[4], "instruction"),
        };
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var line = 5;
        for (; line < lines.Length - 1 && lines[line].StartsWith("input ", StringComparison.Ordinal); line++)
        {
            var parts = lines[line].Split(' ', 3);
            inputs[Unescape(parts[2])] = parts[1];
        }
        record = record with { Inputs = inputs };
        return line < lines.Length - 1 ? record with { Files = ParseFiles(lines, line) } : record;
    }

    private static FileSummary ParseFiles(string[] lines, int line)
    {
        var header = lines[line].Split(' ');
        if (header.Length != 3 || header[0] != "files") throw new FormatException("files header");
        var count = int.Parse(header[2], CultureInfo.InvariantCulture);
        switch (header[1])
        {
            case "named":
                var entries = new List<CopyEntryFingerprint>(count);
                for (var i = 0; i < count; i++)
                {
                    var entry = lines[line + 1 + i];
                    entries.Add(new CopyEntryFingerprint(Unescape(entry[17..]), ulong.Parse(entry.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                }
                return FileSummary.Of(entries);
            case "hashed":
                var bytes = Convert.FromBase64String(lines[line + 1]);
                var pairs = new ulong[bytes.Length / 8];
                for (var i = 0; i < pairs.Length; i++) pairs[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
                return FileSummary.FromHashed(count, pairs);
            default:
                return FileSummary.FromHashed(count, null);
        }
    }

    private static string Field(string line, string name) =>
        line.StartsWith(name + " ", StringComparison.Ordinal) ? line[(name.Length + 1)..] : throw new FormatException($"expected {name}");

    private static string Escape(string text) => text.Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal);

    private static string Unescape(string text) => text.Replace("%0A", "\n", StringComparison.Ordinal)
        .Replace("%0D", "\r", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);
}
