module github.com/zchat/zchat-go

go 1.24
