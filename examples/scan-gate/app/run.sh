#!/bin/sh
echo "app is running"
