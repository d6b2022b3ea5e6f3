"""An independent reader of TensorBoard event files, for the tests: TFRecord framing checked with its own
CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and mask, records parsed by Python's protobuf runtime
(Debian's python3-protobuf) with Event/Summary descriptors built here from the field numbers of TensorFlow's
event.proto and summary.proto. Prints one line per event: step, wall time, file version
(or -), then tag=value, tab-separated; exits 1 naming the first bad record."""
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool

_TABLE = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    _TABLE.append(c)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def message_classes():
    F = descriptor_pb2.FieldDescriptorProto
    f = descriptor_pb2.FileDescriptorProto(name="tb_events_test.proto", package="tbtest", syntax="proto3")
    value = descriptor_pb2.DescriptorProto(name="Value")
    value.field.add(name="tag", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    value.field.add(name="simple_value", number=2, type=F.TYPE_FLOAT, label=F.LABEL_OPTIONAL)
    summary = f.message_type.add(name="Summary")
    summary.nested_type.add().CopyFrom(value)
    summary.field.add(name="value", number=1, type=F.TYPE_MESSAGE, label=F.LABEL_REPEATED, type_name=".tbtest.Summary.Value")
    event = f.message_type.add(name="Event")
    event.field.add(name="wall_time", number=1, type=F.TYPE_DOUBLE, label=F.LABEL_OPTIONAL)
    event.field.add(name="step", number=2, type=F.TYPE_INT64, label=F.LABEL_OPTIONAL)
    event.field.add(name="file_version", number=3, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    event.field.add(name="summary", number=5, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL, type_name=".tbtest.Summary")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    desc = pool.FindMessageTypeByName("tbtest.Event")
    try:
        from google.protobuf import message_factory
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(desc)
        return message_factory.MessageFactory(pool).GetPrototype(desc)
    except ImportError:
        raise


def main(path):
    Event = message_classes()
    data = open(path, "rb").read()
    pos, n = 0, 0
    while pos < len(data):
        if len(data) - pos < 12:
            sys.exit("record %d: truncated header" % n)
        header = data[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (hcrc,) = struct.unpack("<I", data[pos + 8:pos + 12])
        if hcrc != masked(header):
            sys.exit("record %d: bad length CRC" % n)
        body = data[pos + 12:pos + 12 + length]
        if len(body) != length or len(data) < pos + 16 + length:
            sys.exit("record %d: truncated data" % n)
        (dcrc,) = struct.unpack("<I", data[pos + 12 + length:pos + 16 + length])
        if dcrc != masked(body):
            sys.exit("record %d: bad data CRC" % n)
        e = Event()
        e.ParseFromString(body)
        cells = [str(e.step), repr(e.wall_time), e.file_version or "-"]
        cells += ["%s=%r" % (v.tag, v.simple_value) for v in e.summary.value]
        print("\t".join(cells))
        pos += 16 + length
        n += 1


if __name__ == "__main__":
    main(sys.argv[1])
