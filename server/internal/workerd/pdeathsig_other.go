//go:build unix && !linux

package workerd

import "syscall"

func parentDeathSignal(*syscall.SysProcAttr) {}
