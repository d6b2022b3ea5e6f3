package io.tributary.protocol;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RunIdTest {

    @Test
    void anIdIsWrittenInSixteenDigitsAndReadBackFromOneToSixteen() {
        assertEquals("0358e782570e66dd", RunId.hex(0x0358e782570e66ddL));
        assertEquals("ffffffffffffffff", RunId.hex(-1L));
        assertEquals(0x0358e782570e66ddL, RunId.parse("358e782570e66dd"));
        assertEquals(0x0358e782570e66ddL, RunId.parse(RunId.hex(0x0358e782570e66ddL)));
        assertEquals(-1L, RunId.parse("ffffffffffffffff"));
        assertEquals(0L, RunId.parse("0"));
    }

    @Test
    void anythingButOneToSixteenHexadecimalDigitsIsRefused() {
        for (String bad : new String[] {"", "00000000000000001", "xyz", "-1", "0x12", "12 "}) {
            assertThrows(NumberFormatException.class, () -> RunId.parse(bad), "'" + bad + "'");
        }
    }
}
