# version 1
echo hello from app
