CREATE TABLE song (id bigint PRIMARY KEY, title varchar(256) NOT NULL);
