using System.Buffers;
using System.Text;

namespace Hoist.Analysis.Sbom;

/// <summary>
/// The build information the Go linker embeds in every binary since Go 1.18 (Go's debug/buildinfo): a 32-byte header
/// starting with <c>"\xff Go buildinf:"</c>, pointer size and flags (bit 1: strings inline), then two
/// varint-length-prefixed strings, the Go version and the module info. The module info, between 16-byte sentinels,
/// has tab-separated lines: <c>path</c>, <c>mod PATH VERSION SUM</c>, <c>dep PATH VERSION SUM</c>, <c>=&gt; PATH
/// VERSION SUM</c> (a replacement of the line above) and <c>build KEY=VALUE</c>. Older binaries point into their data
/// segment instead and are not read.
/// </summary>
public sealed record GoBuildInfo(string GoVersion, string? Path, GoModule? Main, IReadOnlyList<GoModule> Dependencies)
{
    /// <summary>"\xff Go buildinf:" as bytes (a C# string would encode \xff as two UTF-8 bytes).</summary>
    public static ReadOnlySpan<byte> Magic => [0xff, 0x20, 0x47, 0x6f, 0x20, 0x62, 0x75, 0x69, 0x6c, 0x64, 0x69, 0x6e, 0x66, 0x3a];

    private const int HeaderSize = 32;
    private const int Alignment = 16;
    private const byte InlineStringsFlag = 0x2;

    /// <summary>
    /// Scans a stream (positioned at <paramref name="offset"/> of its file) for the header at a 16-byte aligned offset,
    /// as the linker places it; null when there is none, it uses the pre-1.18 layout or its strings exceed the window.
    /// The same text elsewhere (a program that reads build info has it as a constant) does not parse and is skipped.
    /// </summary>
    public static GoBuildInfo? Find(Stream stream, long offset = 0, int window = 1 << 20)
    {
        // Pooled: a fresh 1 MiB array per executable went to the large object heap and set off compacting collections
        // of everything an analysis holds.
        var rented = ArrayPool<byte>.Shared.Rent(window);
        try
        {
            return Find(stream, offset, rented.AsSpan(0, window));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static GoBuildInfo? Find(Stream stream, long offset, Span<byte> buffer)
    {
        var filled = 0;
        var bufferOffset = offset;
        while (true)
        {
            filled += stream.ReadAtLeast(buffer[filled..], buffer.Length - filled, throwOnEndOfStream: false);
            var ended = filled < buffer.Length;
            int? retryAt = null;
            var from = 0;
            while (Candidate(buffer[..filled], bufferOffset, from) is { } at)
            {
                var result = TryParse(buffer[at..filled], out var complete);
                if (complete && result is not null) return result;
                if (!complete && !ended && at > 0)
                {
                    retryAt = at; // its strings run past the buffer: move it to the front and read on
                    break;
                }
                from = at + 1;
            }
            if (ended) return null;
            var keep = retryAt is { } retry ? filled - retry : Magic.Length - 1;
            buffer[(filled - keep)..filled].CopyTo(buffer);
            bufferOffset += filled - keep;
            filled = keep;
        }
    }

    /// <summary>The first aligned occurrence of the magic at or after <paramref name="from"/>.</summary>
    private static int? Candidate(ReadOnlySpan<byte> data, long dataOffset, int from)
    {
        while (from < data.Length)
        {
            var found = data[from..].IndexOf(Magic);
            if (found < 0) return null;
            var at = from + found;
            if ((dataOffset + at) % Alignment == 0) return at;
            from = at + 1;
        }
        return null;
    }

    /// <summary>Parses a header and its strings; <paramref name="complete"/> is false when more bytes are needed.</summary>
    public static GoBuildInfo? TryParse(ReadOnlySpan<byte> data, out bool complete)
    {
        complete = false;
        if (data.Length < HeaderSize) return null;
        complete = true;
        if (!data.StartsWith(Magic) || (data[15] & InlineStringsFlag) == 0) return null;
        var position = HeaderSize;
        if (!TryReadString(data, ref position, out var version, out complete) || !TryReadString(data, ref position, out var modules, out complete))
            return null;
        return Parse(Encoding.UTF8.GetString(version), Encoding.UTF8.GetString(StripSentinels(modules)));
    }

    private static ReadOnlySpan<byte> StripSentinels(ReadOnlySpan<byte> modules) =>
        modules.Length >= 33 && modules[^17] == (byte)'\n' ? modules[16..^16] : modules;

    private static bool TryReadString(ReadOnlySpan<byte> data, ref int position, out ReadOnlySpan<byte> value, out bool complete)
    {
        value = default;
        complete = false;
        ulong length = 0;
        var shift = 0;
        while (true)
        {
            if (position >= data.Length) return false;
            var b = data[position++];
            length |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
            if (shift > 35)
            {
                complete = true; // not a plausible length: a corrupt header, not a short read
                return false;
            }
        }
        if (length > (ulong)(data.Length - position)) return false;
        value = data.Slice(position, (int)length);
        position += (int)length;
        complete = true;
        return true;
    }

    public static GoBuildInfo Parse(string goVersion, string modules)
    {
        string? path = null;
        GoModule? main = null;
        var dependencies = new List<GoModule>();
        foreach (var line in modules.Split('\n'))
        {
            var fields = line.Split('\t');
            switch (fields[0])
            {
                case "path" when fields.Length >= 2: path = fields[1]; break;
                case "mod" when fields.Length >= 3: main = new GoModule(fields[1], fields[2], fields.ElementAtOrDefault(3)); break;
                case "dep" when fields.Length >= 3: dependencies.Add(new GoModule(fields[1], fields[2], fields.ElementAtOrDefault(3))); break;
                case "=>" when fields.Length >= 3 && dependencies.Count > 0:
                    dependencies[^1] = dependencies[^1] with { Replacement = new GoModule(fields[1], fields[2], fields.ElementAtOrDefault(3)) };
                    break;
            }
        }
        return new GoBuildInfo(goVersion, path, main, dependencies);
    }
}
