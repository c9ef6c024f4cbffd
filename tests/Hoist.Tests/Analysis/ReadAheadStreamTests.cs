using Hoist.Analysis;

namespace Hoist.Tests.Analysis;

/// <summary>The read-ahead wrapper a layer walk inflates through: the same bytes in order, the inner error as it was.</summary>
public sealed class ReadAheadStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((1 << 20) - 1)]
    [InlineData(1 << 20)]
    [InlineData((5 << 20) + 12345)]
    public void Gives_every_byte_in_order(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        using var stream = new ReadAheadStream(new MemoryStream(data));
        using var copy = new MemoryStream();

        var buffer = new byte[7919];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) copy.Write(buffer, 0, read);

        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public void An_error_of_the_inner_stream_surfaces_on_a_read_with_its_type()
    {
        using var stream = new ReadAheadStream(new FailingStream());

        Assert.Throws<InvalidDataException>(() => stream.CopyTo(Stream.Null));
    }

    [Fact]
    public void Disposing_before_the_end_stops_the_reader_and_disposes_the_inner_stream()
    {
        var inner = new MemoryStream(new byte[20 << 20]);
        var stream = new ReadAheadStream(inner);
        stream.ReadExactly(new byte[10]);

        stream.Dispose();

        Assert.False(inner.CanRead);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidDataException("corrupt gzip");
    }
}
