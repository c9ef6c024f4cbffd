# version 2: only this comment changed
echo hello from app
