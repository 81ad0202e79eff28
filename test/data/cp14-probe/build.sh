#!/bin/sh
# Builds the CP14 probe (main.c, start.S, probes.S from gen.py); `build.sh record` also runs it with
#   qemu-system-arm -M virt,virtualization=on -cpu cortex-a15 -semihosting -nographic -kernel probe.elf
set -e
cd "$(dirname "$0")"
python3 gen.py
arm-none-eabi-gcc -mcpu=cortex-a15 -marm -O1 -ffreestanding -nostdlib -T probe.ld start.S probes.S main.c -Wl,--build-id=none -o probe.elf
rm -f probes.S probes.h
if [ "$1" = record ]; then
  qemu-system-arm -M virt,virtualization=on -cpu cortex-a15 -semihosting -nographic -kernel probe.elf > qemu-cortex-a15.out 2>&1
fi
